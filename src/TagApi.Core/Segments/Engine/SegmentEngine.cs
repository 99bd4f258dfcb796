using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using TagApi.Core.Data;
using TagApi.Core.Telemetry;
using TagApi.Core.Tenancy;

namespace TagApi.Core.Segments.Engine;

/// <summary>
/// Holds every tenant's in-memory index. An index is built on the tenant's first query and kept
/// fresh by <see cref="ApplyChangesAsync"/>: after each local commit that touched customers, their
/// tags, or the tag structure (<see cref="Data.Saving.CommitNotifications"/>), and for other
/// instances' commits by <see cref="IndexFollower"/>. Within a memory budget (<see cref="IndexMemorySettings"/>) the
/// least recently used tenants' indexes make room and are rebuilt when next queried.
/// </summary>
public sealed partial class SegmentEngine(
    IServiceScopeFactory scopes, IndexMemorySettings memory, TimeProvider clock, Value.CustomerValueSettings valueSettings, Snapshots.IndexSnapshotStore snapshots)
{
    private readonly ConcurrentDictionary<long, Lazy<Task<TenantIndex>>> _indexes = new();
    private readonly ConcurrentDictionary<long, SemaphoreSlim> _applyGates = new();

    /// <summary>This instance's committed transactions its indexes have taken in already (the follower skips their log rows).</summary>
    public OwnCommits OwnCommits { get; } = new();

    /// <summary>The tenant's index, built on first use.</summary>
    public async Task<TenantIndex> IndexAsync(long tenantId, CancellationToken ct)
    {
        var lazy = _indexes.GetOrAdd(tenantId, id => new Lazy<Task<TenantIndex>>(() => BuildAsync(id)));
        Touch(tenantId);
        try
        {
            var index = await lazy.Value.WaitAsync(ct);
            if (index.OutOfOrder)
            {
                // Ids arrived out of order (concurrent inserts); rebuild so paging follows id order again.
                _indexes.TryUpdate(tenantId, new Lazy<Task<TenantIndex>>(() => BuildAsync(tenantId)), lazy);
            }

            return index;
        }
        catch (Exception) when (lazy.IsValueCreated && lazy.Value.IsFaulted)
        {
            _indexes.TryRemove(new KeyValuePair<long, Lazy<Task<TenantIndex>>>(tenantId, lazy));
            throw;
        }
    }

    /// <summary>Memory held by each loaded tenant's index.</summary>
    public IReadOnlyDictionary<long, long> MemoryByTenant() =>
        _indexes.Where(i => i.Value.IsValueCreated && i.Value.Value.IsCompletedSuccessfully)
            .ToDictionary(i => i.Key, i => i.Value.Value.Result.Current.MemoryBytes);

    /// <summary>
    /// Re-reads changed customers (their activity timelines too for <paramref name="activityCustomers"/>,
    /// and the tag structure when it changed) into a loaded index.
    /// </summary>
    public async Task ApplyChangesAsync(
        long tenantId, IReadOnlyCollection<long> customerIds, IReadOnlyCollection<long> activityCustomers, bool catalogChanged, CancellationToken ct)
    {
        // An index still being built may have read the state before this change: wait for it, then apply.
        if (!_indexes.TryGetValue(tenantId, out var lazy))
        {
            return;
        }

        var index = await lazy.Value.WaitAsync(ct);

        // Read and apply as one step per tenant: two updates racing (this instance's commit and the
        // follower's re-read of the log) must apply in the order they read, or an older read could
        // land last and leave the index behind the database.
        var gate = _applyGates.GetOrAdd(tenantId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            await ReadAndApplyAsync(index, tenantId, customerIds, activityCustomers, catalogChanged, ct);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task ReadAndApplyAsync(
        TenantIndex index, long tenantId, IReadOnlyCollection<long> customerIds, IReadOnlyCollection<long> activityCustomers, bool catalogChanged, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenantId, "system:index");
        var db = scope.ServiceProvider.GetRequiredService<TagApiDbContext>();
        var catalog = catalogChanged ? await IndexLoader.LoadCatalogAsync(db, ct) : null;
        var current = customerIds.Count == 0 ? [] : await IndexLoader.LoadCustomersAsync(db, customerIds, activityCustomers, index.Vocabulary, ct);
        var removed = customerIds.Except(current.Select(c => c.Row.Id)).ToList();
        index.Apply(current, removed, catalog);
    }

    /// <summary>The tenants whose index is built, with it (for the scheduled customer value refresh).</summary>
    public IReadOnlyList<(long TenantId, TenantIndex Index)> LoadedIndexes() =>
        [.. _indexes.Where(i => i.Value.IsValueCreated && i.Value.Value.IsCompletedSuccessfully).Select(i => (i.Key, i.Value.Value.Result))];

    /// <summary>True when the tenant's index exists or is being built.</summary>
    public bool IsLoaded(long tenantId) => _indexes.ContainsKey(tenantId);

    /// <summary>Forgets a tenant's index; the next query rebuilds it from the database.</summary>
    public void Evict(long tenantId)
    {
        _indexes.TryRemove(tenantId, out _);
        _lastUsed.TryRemove(tenantId, out _);
    }

    private async Task<TenantIndex> BuildAsync(long tenantId)
    {
        using var activity = TagApiTelemetry.Activities.StartActivity("index.build");
        var started = clock.GetTimestamp();
        // A snapshot file (with the changes since) stands in for reading every row when the node has a usable one.
        var restored = await Snapshots.IndexRestore.TryAsync(scopes, snapshots, tenantId, CancellationToken.None);
        var index = restored ?? await IndexLoader.BuildAsync(scopes, tenantId, CancellationToken.None);
        index.Value.Settings = valueSettings;
        TagApiTelemetry.IndexBuilds.Add(1, new KeyValuePair<string, object?>("from", restored is null ? "database" : "snapshot"));
        TagApiTelemetry.IndexBuildDuration.Record(clock.GetElapsedTime(started).TotalSeconds);
        EnforceMemoryBudget(keep: tenantId, keepBytes: index.Current.MemoryBytes);
        return index;
    }
}
