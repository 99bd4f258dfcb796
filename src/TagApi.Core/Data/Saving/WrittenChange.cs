using Microsoft.EntityFrameworkCore;
using TagApi.Core.Customers;
using TagApi.Core.TagAssignments;
using TagApi.Core.Webhooks;

namespace TagApi.Core.Data.Saving;

/// <summary>
/// A change its writer put in the database around the change tracker (a bulk import's set-based statements), described
/// as the change tracker would have seen it, so <see cref="SavePipeline"/> derives the same events, index-log rows, owed
/// rule evaluations and notifications from it as from a tracked save of the same change.
/// </summary>
public sealed class WrittenChange
{
    private readonly List<(Customer Customer, EntityState State, string[] Changed)> _customers = [];
    private readonly List<TagHistoryEntry> _ledger = [];
    private readonly HashSet<long> _tagged = [];

    /// <summary>A customer the change created.</summary>
    public void Created(Customer customer) => _customers.Add((customer, EntityState.Added, []));

    /// <summary>
    /// A customer the change updated; <paramref name="changed"/> names the properties whose values differ from before
    /// (the entity's property names, in the model's order). None when only the bookkeeping moved: the index still follows
    /// the customer, but no event is due — as for a tracked save.
    /// </summary>
    public void Updated(Customer customer, IReadOnlyList<string> changed) => _customers.Add((customer, EntityState.Modified, [.. changed]));

    /// <summary>Tag changes the change made: the history rows (not written yet: the change log writes them) and the customers whose tags changed.</summary>
    public void TagsChanged(IEnumerable<TagHistoryEntry> ledger, IEnumerable<long> customerIds)
    {
        _ledger.AddRange(ledger);
        _tagged.UnionWith(customerIds);
    }

    internal IndexChanges ToIndexChanges() => IndexChanges.OfCustomers(_customers.Select(c => c.Customer), _tagged);

    internal ChangeEvents ToChangeEvents() => ChangeEvents.OfWritten(_customers, _ledger);
}
