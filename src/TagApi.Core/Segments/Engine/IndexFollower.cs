using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TagApi.Core.Data;

namespace TagApi.Core.Segments.Engine;

/// <summary>
/// Tails the index-change log so this instance's indexes see what other instances commit. Rows
/// are read past the last seen id and, because concurrent transactions can commit ids out of
/// order, again for a short window behind it; applying a change twice is harmless (it re-reads
/// the customer's current state).
/// </summary>
public sealed class IndexFollower(IServiceScopeFactory scopes, SegmentEngine engine) : IDisposable
{
    private static readonly TimeSpan LateCommitWindow = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Retention = TimeSpan.FromDays(1);
    // The background loop and the membership projector (which catches up before it evaluates) both follow.
    private readonly SemaphoreSlim _gate = new(1, 1);
    private long _lastSeen = -1;

    /// <summary>Applies new log rows to the loaded indexes; returns how many rows were read.</summary>
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
        if (_lastSeen < 0)
        {
            // Indexes built from now on read current state; only later changes need following.
            _lastSeen = await db.IndexChanges.MaxAsync(c => (long?)c.Id, ct) ?? 0;
            return 0;
        }

        var since = DateTime.UtcNow - LateCommitWindow;
        var rows = await db.IndexChanges.AsNoTracking().Where(c => c.Id > _lastSeen || c.At > since).ToListAsync(ct);
        if (rows.Count == 0)
        {
            return 0;
        }

        _lastSeen = Math.Max(_lastSeen, rows.Max(r => r.Id));
        foreach (var tenant in rows.GroupBy(r => r.TenantId).Where(g => engine.IsLoaded(g.Key)))
        {
            var customers = tenant.Where(r => r.CustomerId is not null).Select(r => r.CustomerId!.Value).Distinct().ToList();
            var withActivities = tenant.Where(r => r.Activities && r.CustomerId is not null).Select(r => r.CustomerId!.Value).ToHashSet();
            await engine.ApplyChangesAsync(tenant.Key, customers, withActivities, tenant.Any(r => r.CustomerId is null), ct);
        }

        return rows.Count;
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
