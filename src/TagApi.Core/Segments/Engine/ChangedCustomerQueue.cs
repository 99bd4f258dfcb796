using TagApi.Core.Common;
using TagApi.Core.Data.Saving;

namespace TagApi.Core.Segments.Engine;

/// <summary>Customers of one tenant changed on this instance, and the owed-evaluation rows their commits wrote.</summary>
/// <param name="TenantId">The tenant.</param>
/// <param name="CustomerIds">The changed customers.</param>
/// <param name="Owed">Rows the worker may delete once it has handled these customers (rules only; empty otherwise).</param>
public sealed record ChangedCustomers(long TenantId, IReadOnlyCollection<long> CustomerIds, IReadOnlyCollection<Guid> Owed);

/// <summary>
/// Customers changed on this instance since a background worker last looked at them, per tenant.
/// Filled right after each commit (through <see cref="CommitNotifications.Committed"/>); drained by the
/// worker, which waits on <see cref="WaitAsync"/>. Changes committed by other instances are theirs
/// to handle; what an instance crashes before doing is caught up by the worker's own means (scheduled
/// full passes, owed-evaluation rows for rules).
/// </summary>
public abstract class ChangedCustomerQueue : IDisposable
{
    private readonly Lock _gate = new();
    private Dictionary<long, (HashSet<long> Customers, List<Guid> Owed)> _pending = [];
    private readonly WakeSignal _signal = new();

    protected ChangedCustomerQueue(CommitNotifications notifications) =>
        notifications.Committed += change => CustomersChanged(change.TenantId, change.CustomerIds, OwedOf(change));

    /// <summary>The owed rows a committed change hands this queue's worker; none by default.</summary>
    protected virtual IReadOnlyCollection<Guid> OwedOf(CommittedChange change) => [];

    public void CustomersChanged(long tenantId, IReadOnlyCollection<long> customerIds, IReadOnlyCollection<Guid>? owed = null)
    {
        if (customerIds.Count == 0)
        {
            return;
        }

        // One lock for adding and draining: a customer added while a drain takes its tenant's set is either in that
        // set or in the next one, never in a set already handed out.
        lock (_gate)
        {
            if (!_pending.TryGetValue(tenantId, out var tenant))
            {
                _pending[tenantId] = tenant = ([], []);
            }

            tenant.Customers.UnionWith(customerIds);
            tenant.Owed.AddRange(owed ?? []);
        }

        // When already woken, the worker sees these customers on its next drain.
        _signal.Wake();
    }

    public Task WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);

    /// <summary>Takes every pending customer, grouped by tenant.</summary>
    public IReadOnlyList<ChangedCustomers> Drain()
    {
        Dictionary<long, (HashSet<long> Customers, List<Guid> Owed)> taken;
        lock (_gate)
        {
            taken = _pending;
            _pending = [];
        }

        return [.. taken.Select(t => new ChangedCustomers(t.Key, t.Value.Customers, t.Value.Owed))];
    }

    public void Dispose()
    {
        _signal.Dispose();
        GC.SuppressFinalize(this);
    }
}
