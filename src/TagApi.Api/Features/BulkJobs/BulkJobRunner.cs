using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TagApi.Core.BulkJobs;
using TagApi.Core.Common;
using TagApi.Core.Data;
using TagApi.Core.Tenancy;

namespace TagApi.Api.Features.BulkJobs;

/// <summary>
/// Runs one claimed job chunk by chunk. Each chunk is one transaction that first extends the claim — a conditional
/// update that also locks the job row, so an instance that lost its claim cannot commit and no other can take it
/// meanwhile — then applies the chunk, records its refused lines and moves the checkpoint. A chunk therefore applies
/// exactly once: either all of it committed with the checkpoint past it, or none of it did and it runs again, here or
/// on the instance that resumes the job.
/// </summary>
public sealed partial class BulkJobRunner(
    IServiceScopeFactory scopes, BulkJobStatistics statistics, IOptions<BulkJobOptions> options, IOptions<JsonOptions> json, TimeProvider clock, ILogger<BulkJobRunner> logger)
{
    private const int MaxAttempts = 5;

    private TimeSpan Lease => TimeSpan.FromSeconds(options.Value.LeaseSeconds);

    /// <summary>Runs the job until it finishes, is cancelled, or the claim is lost; the claim is released at the end.</summary>
    public async Task RunAsync(long tenantId, long jobId, string token, CancellationToken ct)
    {
        var applying = new ChunkApply();
        try
        {
            var failures = 0;
            var tables = await statistics.TablesOfAsync(jobId, ct);
            while (!ct.IsCancellationRequested)
            {
                try
                {
                    await statistics.RefreshAsync(jobId, tables, ct);
                    if (!await StepAsync(tenantId, jobId, token, applying, ct))
                    {
                        return;
                    }

                    failures = 0;
                }
                catch (Exception e) when (e is not OperationCanceledException and not LeaseLostException)
                {
                    if (++failures >= MaxAttempts)
                    {
                        LogFailed(logger, jobId, e);
                        await FailAsync(tenantId, jobId, token, e.Message, ct);
                        return;
                    }

                    LogRetrying(logger, jobId, failures, e);
                    await Task.Delay(TimeSpan.FromMilliseconds(50 * failures * failures), ct);
                }
            }
        }
        catch (LeaseLostException)
        {
            LogLeaseLost(logger, jobId);
        }
        finally
        {
            await ObserveAsync(applying, jobId);
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TagApiDbContext>();
            await Leases.ReleaseAsync(db.BulkJobs.IgnoreQueryFilters(), jobId, token);
        }
    }

    /// <summary>
    /// Runs the job to its end in the caller's unit of work and open transaction (a request keyed for idempotency, which
    /// commits once, with its stored outcome): the same steps, none committed here. A failure is the caller's to roll
    /// back, with the job, which was created in the same transaction.
    /// </summary>
    public async Task RunInTransactionAsync(IServiceProvider services, long tenantId, long jobId, string token, CancellationToken ct)
    {
        while (await StepAsync(services, ownTransaction: false, tenantId, jobId, token, applying: null, ct))
        {
        }

        await Leases.ReleaseAsync(services.GetRequiredService<TagApiDbContext>().BulkJobs.IgnoreQueryFilters(), jobId, token);
    }

    // One chunk in one transaction of its own; false once the job is over.
    private async Task<bool> StepAsync(long tenantId, long jobId, string token, ChunkApply applying, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await StepAsync(scope.ServiceProvider, ownTransaction: true, tenantId, jobId, token, applying, ct);
    }

    // With applying (a chunk in a transaction of its own), this node's index takes in the committed chunk while the next
    // one is read and written, and each commit first waits for the previous chunk's: the index is never more than one
    // chunk behind the job, and the step that marks the job finished has every chunk visible. Without it, each commit
    // waits for its own.
    private async Task<bool> StepAsync(IServiceProvider services, bool ownTransaction, long tenantId, long jobId, string token, ChunkApply? applying, CancellationToken ct)
    {
        var (db, job) = await BeginAsync(services, ownTransaction, tenantId, jobId, token, ct);
        db.PublishesInBackground = applying is not null;
        var now = clock.UtcNow();
        if (BulkJobStatus.IsFinished(job.Status))
        {
            // Cancelled while queued, just as this instance claimed it.
            return false;
        }

        if (job.Status == BulkJobStatus.Queued)
        {
            job.Status = BulkJobStatus.Running;
            job.StartedAt = now;
        }

        if (job.CancelRequested || job.NextChunk >= job.InputChunks)
        {
            Finish(job, job.CancelRequested ? BulkJobStatus.Cancelled : BulkJobStatus.Succeeded, now);
            await db.SaveChangesAsync(ct);
            await (applying?.TakeAsync() ?? Task.CompletedTask);
            await CommitAsync(db, ownTransaction, ct);
            return false;
        }

        // Saved before the chunk: a processor may clear the change tracker without saving anything.
        await db.SaveChangesAsync(ct);
        var chunk = await db.BulkJobChunks.AsNoTracking().SingleAsync(c => c.JobId == jobId && !c.Output && c.Sequence == job.NextChunk, ct);
        var processor = services.GetServices<IBulkJobProcessor>().Single(p => p.Kind == job.Kind);
        var outcome = await processor.ProcessAsync(new ChunkWork(job, chunk, json.Value.SerializerOptions), ct);

        // The processors save (and may clear the change tracker) as they go: the job is read again to record the chunk.
        db.ChangeTracker.Clear();
        job = await db.BulkJobs.SingleAsync(j => j.Id == jobId, ct);
        job.Processed += outcome.Done;
        job.Errors += outcome.Errors.Count;
        job.Result = MergeCounts(job.Result, outcome.Counts);
        db.BulkJobErrors.AddRange(outcome.Errors.OrderBy(e => e.Line).Select(e => new BulkJobError { JobId = jobId, Line = e.Line, Code = e.Code, Message = e.Message }));
        if (outcome.Output is { } output)
        {
            db.BulkJobChunks.Add(new BulkJobChunk { JobId = jobId, Output = true, Sequence = chunk.Sequence, FirstLine = chunk.FirstLine, Lines = (int)outcome.Done, Data = output });
        }

        job.NextChunk++;
        await db.SaveChangesAsync(ct);
        // The commit tells the index, rules and dispatcher about the chunk; the job is marked finished by the next step,
        // in its own transaction, so a job seen as succeeded has its last chunk visible to reads.
        await (applying?.TakeAsync() ?? Task.CompletedTask);
        await CommitAsync(db, ownTransaction, ct);
        applying?.Started(db.TakePublication());
        return true;
    }

    private static async Task CommitAsync(TagApiDbContext db, bool ownTransaction, CancellationToken ct)
    {
        if (ownTransaction)
        {
            await db.Database.CommitTransactionAsync(ct);
        }
    }

    // Opens the chunk's transaction bound to the job's tenant (acting as the client that started it, with the scope its
    // kind needs), and extends the claim first: the update fails when the claim was lost, and holds the row meanwhile.
    private async Task<(TagApiDbContext Db, BulkJob Job)> BeginAsync(
        IServiceProvider services, bool ownTransaction, long tenantId, long jobId, string token, CancellationToken ct)
    {
        var tenant = services.GetRequiredService<TenantContext>();
        var db = services.GetRequiredService<TagApiDbContext>();
        if (ownTransaction)
        {
            await db.Database.BeginTransactionAsync(ct);
        }

        var until = clock.UtcNow() + Lease;
        if (!await Leases.TryRenewAsync(db.BulkJobs.IgnoreQueryFilters(), jobId, token, until, ct))
        {
            throw new LeaseLostException();
        }

        var job = await db.BulkJobs.IgnoreQueryFilters().AsNoTracking().SingleAsync(j => j.Id == jobId, ct);
        List<string> granted = [BulkJobKinds.ScopeOf(job.Kind)];
        if (job.PersonalData)
        {
            granted.Add(Scopes.CustomersPii);
        }

        tenant.Set(tenantId, job.ClientId, granted);
        job = await db.BulkJobs.SingleAsync(j => j.Id == jobId, ct);
        return (db, job);
    }

    // A job that stops (cancelled, its claim lost, failed) leaves no index update of its last chunk unobserved.
    private async Task ObserveAsync(ChunkApply applying, long jobId)
    {
        try
        {
            await applying.TakeAsync();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogApplyFailed(logger, jobId, e);
        }
    }

    /// <summary>The index update of the chunk committed last, which this node takes in while the next chunk runs.</summary>
    private sealed class ChunkApply
    {
        private Task _pending = Task.CompletedTask;

        public void Started(Task apply) => _pending = apply;

        // Taken once: a failed update fails the one step that waited for it (which runs again), not every step after it.
        public Task TakeAsync()
        {
            var pending = _pending;
            _pending = Task.CompletedTask;
            return pending;
        }
    }

    private async Task FailAsync(long tenantId, long jobId, string token, string reason, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var (db, job) = await BeginAsync(scope.ServiceProvider, ownTransaction: true, tenantId, jobId, token, ct);
        job.Failure = reason.Length <= BulkJobLimits.MaxMessageLength ? reason : reason[..BulkJobLimits.MaxMessageLength];
        Finish(job, BulkJobStatus.Failed, clock.UtcNow());
        await db.SaveChangesAsync(ct);
        await db.Database.CommitTransactionAsync(ct);
    }

    private static void Finish(BulkJob job, string status, DateTime now)
    {
        job.Status = status;
        job.StartedAt ??= now;
        job.FinishedAt = now;
    }

    private static string? MergeCounts(string? result, Dictionary<string, long> counts)
    {
        if (counts.Count == 0)
        {
            return result;
        }

        var merged = result is null ? new SortedDictionary<string, long>(StringComparer.Ordinal) : JsonSerializer.Deserialize<SortedDictionary<string, long>>(result)!;
        foreach (var (name, count) in counts)
        {
            merged[name] = merged.GetValueOrDefault(name) + count;
        }

        return JsonSerializer.Serialize(merged);
    }

    private sealed class LeaseLostException : Exception;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Bulk job {JobId}: a chunk failed (attempt {Attempt}); it runs again")]
    private static partial void LogRetrying(ILogger logger, long jobId, int attempt, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Bulk job {JobId} failed")]
    private static partial void LogFailed(ILogger logger, long jobId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Bulk job {JobId}: this node's index did not take in the last chunk; it catches up from the index-change log")]
    private static partial void LogApplyFailed(ILogger logger, long jobId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Bulk job {JobId}: the claim lapsed and another instance holds it now; this one stops")]
    private static partial void LogLeaseLost(ILogger logger, long jobId);
}
