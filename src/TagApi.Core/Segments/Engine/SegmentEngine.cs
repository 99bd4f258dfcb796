using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using TagApi.Core.Data;
using TagApi.Core.Tenancy;

namespace TagApi.Core.Segments.Engine;

/// <summary>
/// Holds every tenant's in-memory index. An index is built on the tenant's first query and kept
/// fresh by <see cref="ApplyChangesAsync"/>, which the DbContext calls right after each commit
/// that touched customers, their tags, or the tag structure.
/// </summary>
public sealed class SegmentEngine(IServiceScopeFactory scopes)
{
    private readonly ConcurrentDictionary<long, Lazy<Task<TenantIndex>>> _indexes = new();

    // One apply at a time per tenant: each reads the customers' rows inside the gate, so a later
    // apply always reads state at least as new as the one before it. Without it, the follower's
    // read from before a commit could land after this instance's own apply and undo it.
    private readonly ConcurrentDictionary<long, SemaphoreSlim> _applying = new();

    /// <summary>The tenant's index, built on first use.</summary>
    public async Task<TenantIndex> IndexAsync(long tenantId, CancellationToken ct)
    {
        var lazy = _indexes.GetOrAdd(tenantId, id => new Lazy<Task<TenantIndex>>(() => BuildAsync(id)));
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

    /// <summary>Re-reads changed customers (and the tag structure, when it changed) into a loaded index.</summary>
    public async Task ApplyChangesAsync(long tenantId, IReadOnlyCollection<long> customerIds, bool catalogChanged, CancellationToken ct)
    {
        // An index still being built may have read the state before this change: wait for it, then apply.
        if (!_indexes.TryGetValue(tenantId, out var lazy))
        {
            return;
        }

        var index = await lazy.Value.WaitAsync(ct);

        var gate = _applying.GetOrAdd(tenantId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenantId, "system:index");
            var db = scope.ServiceProvider.GetRequiredService<TagApiDbContext>();
            var catalog = catalogChanged ? await IndexLoader.LoadCatalogAsync(db, ct) : null;
            var current = customerIds.Count == 0 ? [] : await IndexLoader.LoadCustomersAsync(db, customerIds, ct);
            var removed = customerIds.Except(current.Select(c => c.Row.Id)).ToList();
            index.Apply(current, removed, catalog);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>True when the tenant's index exists or is being built.</summary>
    public bool IsLoaded(long tenantId) => _indexes.ContainsKey(tenantId);

    /// <summary>Forgets a tenant's index; the next query rebuilds it from the database.</summary>
    public void Evict(long tenantId) => _indexes.TryRemove(tenantId, out _);

    private async Task<TenantIndex> BuildAsync(long tenantId)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenantId, "system:index");
        return await IndexLoader.BuildAsync(scope.ServiceProvider.GetRequiredService<TagApiDbContext>(), tenantId, CancellationToken.None);
    }
}
