using Microsoft.EntityFrameworkCore;
using TagApi.Core.Common;
using TagApi.Core.Data;

namespace TagApi.Core.BulkJobs;

/// <summary>A claim a job is stored with, by a caller that runs the job itself.</summary>
/// <param name="Token">The lease token (<see cref="Leases.NewToken"/>).</param>
/// <param name="Length">How long the claim lasts without progress.</param>
public sealed record BulkJobClaim(string Token, TimeSpan Length);

/// <summary>
/// Starting, reading and cancelling bulk jobs. A job is stored with its whole input in one transaction (so a job that
/// exists is one any instance can run) and is then run by the workers; reading a job needs the scope of its kind.
/// </summary>
public sealed class BulkJobService(TagApiDbContext db, TimeProvider clock)
{
    // Chunks are written a few at a time, so a large upload never holds more than this in the change tracker.
    private const int ChunksPerSave = 16;

    /// <summary>
    /// Stores a new job with its input chunks, all in one transaction (the request's, when it carries an
    /// Idempotency-Key), and returns it queued.
    /// </summary>
    public Task<BulkJob> CreateAsync(BulkJob job, IAsyncEnumerable<BulkJobChunk> chunks, CancellationToken ct) => CreateAsync(job, chunks, null, ct);

    /// <summary>
    /// Stores a new job with its input chunks, as <see cref="CreateAsync(BulkJob, IAsyncEnumerable{BulkJobChunk}, CancellationToken)"/>;
    /// with a <paramref name="claim"/> the job is stored already claimed by its caller, who runs it (the workers leave it
    /// alone while the claim holds).
    /// </summary>
    public async Task<BulkJob> CreateAsync(BulkJob job, IAsyncEnumerable<BulkJobChunk> chunks, BulkJobClaim? claim, CancellationToken ct)
    {
        RequireScope(job.Kind);
        job.Status = BulkJobStatus.Queued;
        job.CreatedAt = clock.UtcNow();
        job.ClientId = db.Tenant.ClientId;
        await using var transaction = await OwnTransaction.BeginAsync(db, ct);
        db.BulkJobs.Add(job);
        await db.SaveChangesAsync(ct);

        var pending = 0;
        long lines = 0;
        var sequence = 0;
        await foreach (var chunk in chunks.WithCancellation(ct))
        {
            chunk.JobId = job.Id;
            chunk.Sequence = sequence++;
            lines += chunk.Lines;
            db.BulkJobChunks.Add(chunk);
            if (++pending == ChunksPerSave)
            {
                await db.SaveChangesAsync(ct);
                DetachChunks();
                pending = 0;
            }
        }

        job.InputChunks = sequence;
        job.Total = lines;
        if (claim is not null)
        {
            // Taken as the job becomes visible, not when the upload began: an upload may outlast a claim's length.
            job.LeaseOwner = claim.Token;
            job.LeaseUntil = clock.UtcNow() + claim.Length;
        }

        await db.SaveChangesAsync(ct);
        DetachChunks();
        await transaction.CommitAsync(ct);
        return job;
    }

    public async Task<BulkJob> GetAsync(string id, CancellationToken ct)
    {
        var job = await FindAsync(id, track: false, ct);
        RequireScope(job.Kind);
        return job;
    }

    /// <summary>The jobs of the kinds the caller's scopes cover, newest first.</summary>
    public async Task<Page<BulkJob>> ListAsync(PageRequest page, CancellationToken ct)
    {
        var kinds = BulkJobKinds.VisibleTo(db.Tenant);
        return await db.BulkJobs.AsNoTracking().Where(j => kinds.Contains(j.Kind)).ToPageAsync(page, j => j.Id, ct, descending: true);
    }

    /// <summary>The first <paramref name="count"/> refused lines of a job, in line order.</summary>
    public async Task<List<BulkJobError>> FirstErrorsAsync(BulkJob job, int count, CancellationToken ct) =>
        await db.BulkJobErrors.AsNoTracking().Where(e => e.JobId == job.Id).OrderBy(e => e.Line).Take(count).ToListAsync(ct);

    /// <summary>The refused lines of a job, in line order.</summary>
    public async Task<Page<BulkJobError>> ErrorsAsync(string id, PageRequest page, CancellationToken ct)
    {
        var job = await GetAsync(id, ct);
        return await db.BulkJobErrors.AsNoTracking().Where(e => e.JobId == job.Id).ToPageAsync(page, e => e.Id, ct);
    }

    /// <summary>
    /// Cancels a job: a queued one at once; a running one at its next chunk boundary (what committed stays). A finished
    /// job cannot be cancelled.
    /// </summary>
    public Task<BulkJob> CancelAsync(string id, CancellationToken ct) => db.RunAsync(async () =>
    {
        var job = await FindAsync(id, track: true, ct);
        RequireScope(job.Kind);
        if (BulkJobStatus.IsFinished(job.Status))
        {
            throw new ConflictException("job_finished", $"The job is {job.Status} already.");
        }

        if (job.Status == BulkJobStatus.Queued && (job.LeaseUntil is null || job.LeaseUntil < clock.UtcNow()))
        {
            job.Status = BulkJobStatus.Cancelled;
            job.FinishedAt = clock.UtcNow();
        }

        job.CancelRequested = true;
        await db.SaveChangesAsync(ct);
        return job;
    });

    /// <summary>The output of a finished export, chunk by chunk, in order.</summary>
    public async IAsyncEnumerable<byte[]> OutputAsync(BulkJob job, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        for (var sequence = 0; ; sequence++)
        {
            var data = await db.BulkJobChunks.AsNoTracking()
                .Where(c => c.JobId == job.Id && c.Output && c.Sequence == sequence).Select(c => c.Data).FirstOrDefaultAsync(ct);
            if (data is null)
            {
                yield break;
            }

            yield return data;
        }
    }

    private async Task<BulkJob> FindAsync(string id, bool track, CancellationToken ct)
    {
        if (!PublicId.TryDecode(IdPrefixes.BulkJob, id, out var key))
        {
            throw new NotFoundException("Bulk job", id);
        }

        var jobs = track ? db.BulkJobs : db.BulkJobs.AsNoTracking();
        return await jobs.FirstOrDefaultAsync(j => j.Id == key, ct) ?? throw new NotFoundException("Bulk job", id);
    }

    private void RequireScope(string kind)
    {
        var scope = BulkJobKinds.ScopeOf(kind);
        if (!db.Tenant.HasScope(scope))
        {
            throw new ForbiddenException(scope, $"A {kind} job needs the scope '{scope}', which the access token does not carry.");
        }
    }

    private void DetachChunks()
    {
        foreach (var entry in db.ChangeTracker.Entries<BulkJobChunk>().ToList())
        {
            entry.State = EntityState.Detached;
        }
    }
}
