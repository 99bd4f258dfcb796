using System.Collections.Concurrent;
using TagApi.Core.Data.Saving;

namespace TagApi.Core.Segments.Engine;

/// <summary>
/// Customers changed on this instance since a background worker last looked at them, per tenant.
/// Filled right after each commit (through <see cref="CommitNotifications.Committed"/>); drained by the
/// worker, which waits on <see cref="WaitAsync"/>. Changes committed by other instances are theirs
/// to handle; scheduled full passes catch anything an instance crashed before doing.
/// </summary>
public abstract class ChangedCustomerQueue : IDisposable
{
    private readonly ConcurrentDictionary<long, ConcurrentDictionary<long, byte>> _dirty = new();
    private readonly SemaphoreSlim _signal = new(0, 1);

    protected ChangedCustomerQueue(CommitNotifications notifications) => notifications.Committed += change => CustomersChanged(change.TenantId, change.CustomerIds);

    public void CustomersChanged(long tenantId, IReadOnlyCollection<long> customerIds)
    {
        if (customerIds.Count == 0)
        {
            return;
        }

        var set = _dirty.GetOrAdd(tenantId, _ => new ConcurrentDictionary<long, byte>());
        foreach (var id in customerIds)
        {
            set[id] = 0;
        }

        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled; the worker will see these customers on its next drain.
        }
    }

    public Task WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);

    /// <summary>Takes every pending customer, grouped by tenant.</summary>
    public IReadOnlyList<(long TenantId, IReadOnlyCollection<long> CustomerIds)> Drain()
    {
        var result = new List<(long, IReadOnlyCollection<long>)>();
        foreach (var tenantId in _dirty.Keys)
        {
            if (_dirty.TryRemove(tenantId, out var set) && !set.IsEmpty)
            {
                result.Add((tenantId, set.Keys.ToList()));
            }
        }

        return result;
    }

    public void Dispose()
    {
        _signal.Dispose();
        GC.SuppressFinalize(this);
    }
}
