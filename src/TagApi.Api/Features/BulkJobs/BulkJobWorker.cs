using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TagApi.Core.BulkJobs;
using TagApi.Core.Common;
using TagApi.Core.Data;

namespace TagApi.Api.Features.BulkJobs;

/// <summary>
/// Finds jobs to run on this node: queued ones, and running ones whose claim lapsed (their node died), oldest first; at
/// most <see cref="BulkJobOptions.Concurrency"/> at once here, and never two of one tenant anywhere (a tenant whose job
/// is claimed waits), so one tenant's import cannot take every worker and jobs of a tenant run in order.
/// </summary>
public sealed partial class BulkJobWorker(
    IServiceScopeFactory scopes, BulkJobRunner runner, BulkJobSignal signal, IOptions<BulkJobOptions> options, TimeProvider clock, ILogger<BulkJobWorker> logger)
    : BackgroundService
{
    private readonly Dictionary<long, Task> _running = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.Concurrency == 0)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            foreach (var done in _running.Where(r => r.Value.IsCompleted).Select(r => r.Key).ToList())
            {
                _running.Remove(done);
            }

            var claimed = false;
            if (_running.Count < options.Value.Concurrency)
            {
                try
                {
                    claimed = await ClaimAndStartAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogClaimFailed(logger, e);
                }
            }

            if (!claimed)
            {
                await signal.WaitAsync(TimeSpan.FromMilliseconds(options.Value.PollMilliseconds), stoppingToken);
            }
        }

        await Task.WhenAll(_running.Values).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private async Task<bool> ClaimAndStartAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TagApiDbContext>();
        var now = clock.UtcNow();
        // Cross-tenant by design: the workers serve every tenant.
        var jobs = db.BulkJobs.IgnoreQueryFilters();
        var open = jobs.Where(j => j.Status == BulkJobStatus.Queued || j.Status == BulkJobStatus.Running);
        var busyTenants = open.Where(j => j.LeaseUntil != null && j.LeaseUntil >= now).Select(j => j.TenantId);
        var candidates = await open
            .Where(j => (j.LeaseUntil == null || j.LeaseUntil < now) && !busyTenants.Contains(j.TenantId))
            .OrderBy(j => j.Id).Select(j => new { j.Id, j.TenantId }).Take(8).ToListAsync(ct);
        foreach (var candidate in candidates.Where(c => !_running.ContainsKey(c.Id)).DistinctBy(c => c.TenantId))
        {
            var token = Leases.NewToken();
            if (!await Leases.TryTakeAsync(jobs, candidate.Id, token, now, TimeSpan.FromSeconds(options.Value.LeaseSeconds), ct))
            {
                continue;
            }

            // Claims of two nodes may still race for one tenant's two jobs; the later claim gives its job back.
            var others = await open.CountAsync(j => j.TenantId == candidate.TenantId && j.Id != candidate.Id && j.LeaseUntil != null && j.LeaseUntil >= now, ct);
            if (others > 0)
            {
                await Leases.ReleaseAsync(jobs, candidate.Id, token);
                continue;
            }

            _running[candidate.Id] = Task.Run(() => runner.RunAsync(candidate.TenantId, candidate.Id, token, ct), CancellationToken.None);
            return true;
        }

        return false;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Looking for bulk jobs failed; the worker tries again")]
    private static partial void LogClaimFailed(ILogger logger, Exception exception);
}

/// <summary>Wakes this node's worker when a job is started here, so it need not wait for its next poll.</summary>
public sealed class BulkJobSignal : IDisposable
{
    private readonly WakeSignal _signal = new();

    public void Wake() => _signal.Wake();

    public async Task WaitAsync(TimeSpan timeout, CancellationToken ct) => await _signal.WaitAsync(timeout, ct);

    public void Dispose() => _signal.Dispose();
}
