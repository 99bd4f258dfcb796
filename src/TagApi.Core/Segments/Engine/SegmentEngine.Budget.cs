using System.Collections.Concurrent;
using TagApi.Core.Telemetry;

namespace TagApi.Core.Segments.Engine;

/// <summary>The memory budget of the loaded indexes: least recently used tenants make room.</summary>
public sealed partial class SegmentEngine
{
    // Last query per tenant, in the clock's UTC ticks.
    private readonly ConcurrentDictionary<long, long> _lastUsed = new();
    private readonly Lock _budgeting = new();
    private long _evictions;

    /// <summary>Indexes dropped to stay within the budget since the node started.</summary>
    public long BudgetEvictions => Interlocked.Read(ref _evictions);

    /// <summary>The budget in bytes (0 = none).</summary>
    public long MemoryBudgetBytes => memory.BudgetBytes;

    /// <summary>
    /// Drops least recently used indexes until the loaded ones fit the budget, never <paramref name="keep"/>'s (a
    /// tenant being served, whose index of <paramref name="keepBytes"/> may not be in the table yet). Runs after every
    /// build and now and then as indexes grow.
    /// </summary>
    public void EnforceMemoryBudget(long? keep = null, long keepBytes = 0)
    {
        if (memory.BudgetBytes <= 0)
        {
            return;
        }

        lock (_budgeting)
        {
            var loaded = _indexes
                .Where(i => i.Key != keep && i.Value.IsValueCreated && i.Value.Value.IsCompletedSuccessfully)
                .Select(i => (Tenant: i.Key, Lazy: i.Value, Bytes: i.Value.Value.Result.Current.MemoryBytes, Used: _lastUsed.GetValueOrDefault(i.Key)))
                .OrderBy(i => i.Used)
                .ToList();
            var total = keepBytes + loaded.Sum(i => i.Bytes);
            foreach (var (tenant, lazy, bytes, _) in loaded)
            {
                if (total <= memory.BudgetBytes)
                {
                    break;
                }

                if (_indexes.TryRemove(new KeyValuePair<long, Lazy<Task<TenantIndex>>>(tenant, lazy)))
                {
                    total -= bytes;
                    _lastUsed.TryRemove(tenant, out _);
                    Interlocked.Increment(ref _evictions);
                    TagApiTelemetry.IndexEvictions.Add(1);
                }
            }
        }
    }

    // Only a budget needs to know who was queried last; without one the query path writes nothing.
    private void Touch(long tenantId)
    {
        if (memory.BudgetBytes > 0)
        {
            _lastUsed[tenantId] = clock.GetUtcNow().UtcTicks;
        }
    }
}
