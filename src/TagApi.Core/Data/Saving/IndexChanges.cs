using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using TagApi.Core.Activities;
using TagApi.Core.Customers;
using TagApi.Core.Segments.Engine;
using TagApi.Core.TagAssignments;
using TagApi.Core.TagCategories;
using TagApi.Core.Tags;

namespace TagApi.Core.Data.Saving;

/// <summary>What a save touches that the segment index mirrors: customers (fields or tags) and the tag structure.</summary>
internal sealed class IndexChanges
{
    private readonly List<Customer> _customers = [];
    private readonly HashSet<long> _customerIds = [];
    private readonly HashSet<long> _activityCustomers = [];

    /// <summary>Nothing the index follows (a save without a tenant); never filled.</summary>
    public static IndexChanges None { get; } = new();

    public bool CatalogChanged { get; private set; }

    /// <summary>
    /// The tag structure changed whom a name in a query matches: a tag moved in the hierarchy or to
    /// another category, a key or alias changed hands, or something was removed.
    /// </summary>
    public bool MeaningChanged { get; private set; }

    public bool Any => CatalogChanged || _customers.Count > 0 || _customerIds.Count > 0;

    /// <summary>Customers a change wrote around the change tracker (see <see cref="WrittenChange"/>).</summary>
    public static IndexChanges OfCustomers(IEnumerable<Customer> customers, IEnumerable<long> tagged)
    {
        var changes = new IndexChanges();
        changes._customers.AddRange(customers);
        changes._customerIds.UnionWith(tagged);
        return changes;
    }

    public static IndexChanges Collect(ChangeTracker tracker)
    {
        var changes = new IndexChanges();
        foreach (var entry in tracker.Entries())
        {
            if (entry.State is EntityState.Unchanged or EntityState.Detached)
            {
                continue;
            }

            switch (entry.Entity)
            {
                case Customer customer:
                    // Ids of new customers exist only after the save, so keep the entity.
                    changes._customers.Add(customer);
                    break;
                case TagAssignment assignment:
                    changes._customerIds.Add(assignment.CustomerId);
                    break;
                case Activity activity:
                    changes._customerIds.Add(activity.CustomerId);
                    changes._activityCustomers.Add(activity.CustomerId);
                    break;
                case Tag or TagAlias or TagCategory:
                    changes.CatalogChanged = true;
                    changes.MeaningChanged |= ChangesMeaning(entry);
                    break;
            }
        }

        return changes;
    }

    // A new tag or category matches no one yet, and names, colours and archiving change no answer.
    private static bool ChangesMeaning(EntityEntry entry) => entry.State switch
    {
        EntityState.Deleted => true,
        EntityState.Added => entry.Entity is TagAlias,
        EntityState.Modified => entry.Entity switch
        {
            Tag => entry.Property(nameof(Tag.ParentId)).IsModified || entry.Property(nameof(Tag.CategoryId)).IsModified || entry.Property(nameof(Tag.Key)).IsModified,
            TagCategory => entry.Property(nameof(TagCategory.Key)).IsModified,
            _ => true,
        },
        _ => false,
    };

    public IEnumerable<IndexChange> ToLog(long tenantId, DateTime at)
    {
        var rows = CustomerIds().Select(id => new IndexChange { TenantId = tenantId, CustomerId = id, Activities = _activityCustomers.Contains(id), At = at }).ToList();
        if (CatalogChanged)
        {
            rows.Add(new IndexChange { TenantId = tenantId, At = at });
        }

        return rows;
    }

    /// <summary>Customers whose activities changed.</summary>
    public IReadOnlyCollection<long> ActivityCustomers => _activityCustomers;

    public IReadOnlyCollection<long> CustomerIds() => [.. _customerIds.Concat(_customers.Select(c => c.Id)).Distinct()];
}
