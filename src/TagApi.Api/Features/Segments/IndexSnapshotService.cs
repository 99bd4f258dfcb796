using System.Diagnostics;
using System.Runtime.CompilerServices;
using TagApi.Core.Data;
using TagApi.Core.Segments.Engine;
using TagApi.Core.Segments.Snapshots;

namespace TagApi.Api.Features.Segments;

/// <summary>
/// Writes this node's tenant indexes to snapshot files (<see cref="IndexSnapshotStore"/>): a newly built index at the
/// next check, a changing one at most once per <see cref="IndexSnapshotSettings.Interval"/>, and what changed since
/// once more when the node stops. Each snapshot is taken at the index follower's position, so a restart re-reads only
/// the customers the change log names after it.
/// </summary>
public sealed partial class IndexSnapshotService(
    SegmentEngine engine, IndexFollower follower, IndexSnapshotStore store, IndexSnapshotSettings settings, IServiceScopeFactory scopes,
    ILogger<IndexSnapshotService> logger) : BackgroundService
{
    private static readonly TimeSpan LongestCheck = TimeSpan.FromSeconds(15);
    private readonly ConditionalWeakTable<TenantIndex, Written> _written = [];
    // One write at a time, and none once the node has stopped: a write the stop's deadline cut short must not go on
    // writing into the directory after the host is gone.
    private readonly SemaphoreSlim _writing = new(1, 1);
    private bool _stopped;
    private readonly Dictionary<long, DateTime> _tenantCreatedAt = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!store.Enabled)
        {
            return;
        }

        store.DeleteStale(DateTime.UtcNow);
        using var timer = new PeriodicTimer(settings.Interval < LongestCheck ? settings.Interval : LongestCheck);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await WriteDueAsync(settings.Interval, stoppingToken);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (store.Enabled)
        {
            try
            {
                // Whatever changed since the last file, so the next start replays as little as possible.
                await WriteDueAsync(TimeSpan.Zero, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // Out of time to stop: the last periodic file stands, and the change log covers the rest.
            }
        }

        // Waits for a write still running (one the stop's deadline left behind), whatever the token says.
        await _writing.WaitAsync(CancellationToken.None);
        _stopped = true;
        _writing.Release();
    }

    public override void Dispose()
    {
        _writing.Dispose();
        base.Dispose();
    }

    private async Task WriteDueAsync(TimeSpan interval, CancellationToken ct)
    {
        await _writing.WaitAsync(ct);
        try
        {
            if (!_stopped)
            {
                await WriteEachDueAsync(interval, ct);
            }
        }
        finally
        {
            _writing.Release();
        }
    }

    private async Task WriteEachDueAsync(TimeSpan interval, CancellationToken ct)
    {
        foreach (var (tenantId, index) in engine.LoadedIndexes())
        {
            var now = DateTime.UtcNow;
            var last = _written.TryGetValue(index, out var written) ? written
                : index.RestoredFrom is { } file ? new Written(file.Version, file.TakenAt) : null;
            // A file must also stay younger than the change log's retention, or a restart could not use it.
            var due = last is null || (last.Version != index.Current.Version && now - last.At >= interval) || now - last.At >= IndexFollower.Retention / 2;
            if (!due)
            {
                continue;
            }

            try
            {
                await WriteAsync(tenantId, index, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(logger, tenantId, e);
            }
        }
    }

    private async Task WriteAsync(long tenantId, TenantIndex index, CancellationToken ct)
    {
        var createdAt = await TenantCreatedAtAsync(tenantId, ct);
        var captured = await follower.AtPositionAsync(position => new Captured(position, index.Current), ct);
        if (createdAt is not { } tenantCreatedAt || captured is not { Snapshot: { InIdOrder: true } snapshot })
        {
            // A tenant gone, a follower that has not read the log yet, or an index awaiting its rebuild: next time.
            return;
        }

        var clock = Stopwatch.StartNew();
        var header = new SnapshotHeader(tenantId, tenantCreatedAt, captured.Position, DateTime.UtcNow, snapshot.CustomerCount);
        // Not cancellable once started: a write is short, and the stop waits for it.
        var bytes = await Task.Run(() => store.Write(header, snapshot), CancellationToken.None);
        _written.AddOrUpdate(index, new Written(snapshot.Version, header.TakenAt));
        LogWritten(logger, tenantId, header.Customers, bytes / (1024.0 * 1024.0), clock.Elapsed.TotalSeconds);
    }

    private async Task<DateTime?> TenantCreatedAtAsync(long tenantId, CancellationToken ct)
    {
        if (_tenantCreatedAt.TryGetValue(tenantId, out var known))
        {
            return known;
        }

        await using var scope = scopes.CreateAsyncScope();
        var createdAt = await SnapshotTenant.CreatedAtAsync(scope.ServiceProvider.GetRequiredService<TagApiDbContext>(), tenantId, ct);
        if (createdAt is { } at)
        {
            _tenantCreatedAt[tenantId] = at;
        }

        return createdAt;
    }

    private sealed record Captured(SnapshotPosition Position, IndexSnapshot Snapshot);

    private sealed record Written(long Version, DateTime At);

    [LoggerMessage(Level = LogLevel.Information, Message = "Wrote the index snapshot of tenant {TenantId}: {Customers} customers, {Megabytes:F1} MiB in {Seconds:F2} s")]
    private static partial void LogWritten(ILogger logger, long tenantId, long customers, double megabytes, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing the index snapshot of tenant {TenantId} failed; it is tried again at the next check")]
    private static partial void LogFailed(ILogger logger, long tenantId, Exception exception);
}
