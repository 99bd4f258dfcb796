using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TagApi.Core.Data;
using TagApi.Core.Telemetry;

namespace TagApi.Core.Segments.Engine;

/// <summary>
/// Tails the index-change log so this instance's indexes see what other instances commit. Log ids are drawn before the
/// commit, so concurrent transactions commit them out of order: following by "ids after the last seen" would skip a row
/// whose transaction commits after a later-numbered one. Where the provider has a commit horizon
/// (<see cref="TagApiDbContext.CommitHorizonAsync"/>), each read takes every row stamped at or above the horizon of the
/// previous read: rows below it were all read then, and none can appear there later, however long the transaction
/// that writes it runs. Rows above the horizon are read again until it passes them (normally the next read), but
/// applied once. Without a horizon, ids come in commit order and the rows after the last id read are exactly the new
/// ones. Applying a change twice would be harmless anyway (it re-reads the customer's current state).
/// </summary>
public sealed class IndexFollower(IServiceScopeFactory scopes, SegmentEngine engine) : IDisposable
{
    /// <summary>How long log rows are kept: a node (or a snapshot file) further behind than this rebuilds from the tables.</summary>
    public static TimeSpan Retention { get; } = TimeSpan.FromDays(1);

    // The background loop and the membership projector (which catches up before it evaluates) both follow.
    private readonly SemaphoreSlim _gate = new(1, 1);
    // The horizon of the last read (every row stamped below it is applied), or without one the last id read; null
    // before the first read.
    private long? _resumeAt;
    // Rows of the last read at or above its horizon: read again next time, already applied.
    private HashSet<long> _appliedAbove = [];
    // Whether _resumeAt is a commit horizon (or the last id read).
    private bool _isHorizon;

    /// <summary>
    /// Applies new log rows to the loaded indexes; returns how many rows were applied. Every change committed before
    /// the call is applied when it returns (once following has started).
    /// </summary>
    public async Task<int> FollowOnceAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            return await ReadAndApplyAsync(ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<int> ReadAndApplyAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TagApiDbContext>();
        // Before the rows: every row stamped below it is then visible to the read that follows.
        var horizon = await db.CommitHorizonAsync(precise: false, ct);
        if (_resumeAt is not { } from)
        {
            // Indexes built from now on read current state; only later changes need following.
            _resumeAt = horizon ?? await db.IndexChanges.MaxAsync(c => (long?)c.Id, ct) ?? 0;
            _isHorizon = horizon is not null;
            return 0;
        }

        var rows = horizon is null
            ? await db.IndexChanges.AsNoTracking().Where(c => c.Id > from).ToListAsync(ct)
            : await db.IndexChanges.AsNoTracking().Where(c => c.TxStamp >= from).ToListAsync(ct);
        // Rows of this instance's own commits that its index took in after the commit are not read again (OwnCommits).
        var fresh = rows.Where(r => !_appliedAbove.Contains(r.Id) && !(horizon is not null && engine.OwnCommits.WasApplied(r.TxStamp))).ToList();
        foreach (var tenant in fresh.GroupBy(r => r.TenantId).Where(g => engine.IsLoaded(g.Key)))
        {
            var customers = tenant.Where(r => r.CustomerId is not null).Select(r => r.CustomerId!.Value).Distinct().ToList();
            var withActivities = tenant.Where(r => r.Activities && r.CustomerId is not null).Select(r => r.CustomerId!.Value).ToHashSet();
            await engine.ApplyChangesAsync(tenant.Key, customers, withActivities, tenant.Any(r => r.CustomerId is null), ct);
        }

        TagApiTelemetry.FollowedChanges.Add(fresh.Count);
        if (horizon is { } below)
        {
            _resumeAt = below;
            _appliedAbove = rows.Where(r => r.TxStamp >= below).Select(r => r.Id).ToHashSet();
            engine.OwnCommits.ForgetBelow(below);
        }
        else if (rows.Count > 0)
        {
            _resumeAt = rows.Max(r => r.Id);
        }

        return fresh.Count;
    }

    /// <summary>
    /// Calls <paramref name="capture"/> with the position below which every logged change has been applied, while no
    /// read of the log applies anything, so an index snapshot taken in it holds at least every change below that
    /// position. Null (and no call) before the first read of the log.
    /// </summary>
    public async Task<T?> AtPositionAsync<T>(Func<Snapshots.SnapshotPosition, T> capture, CancellationToken ct)
        where T : class
    {
        await _gate.WaitAsync(ct);
        try
        {
            return _resumeAt is { } position ? capture(new Snapshots.SnapshotPosition(_isHorizon, position)) : null;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Deletes log rows no instance needs any more.</summary>
    public async Task<int> PurgeAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TagApiDbContext>();
        var before = DateTime.UtcNow - Retention;
        return await db.IndexChanges.Where(c => c.At < before).ExecuteDeleteAsync(ct);
    }

    public void Dispose() => _gate.Dispose();
}
