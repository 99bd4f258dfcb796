using Microsoft.EntityFrameworkCore;
using TagApi.Core.Customers;

namespace TagApi.Core.TagAssignments;

/// <summary>
/// The changes of one customer's tags (a REST or GraphQL tag change): the customer and the holdings its changes can meet
/// read together in one round trip, then staged as <see cref="StageAsync"/> stages them.
/// </summary>
public sealed partial class TagChangeWriter
{
    /// <summary>The customer, tracked, with its holdings the changes can meet (tracked, with tag and category); null when it does not exist.</summary>
    public async Task<CustomerHoldings?> ReadForAsync(long customerId, IReadOnlyList<TagChangeRequest> changes, CancellationToken ct)
    {
        var (tagIds, exclusive) = HoldingScope(changes);
        var row = await db.Customers.Where(c => c.Id == customerId)
            .Select(c => new
            {
                Customer = c,
                // The tag and its category come along as tracked entities, so each assignment's navigations are fixed up.
                Held = db.TagAssignments.Where(a => a.CustomerId == c.Id && (tagIds.Contains(a.TagId) || exclusive.Contains(a.Tag!.CategoryId)))
                    .Select(a => new { Assignment = a, a.Tag, a.Tag!.Category }).ToList(),
            })
            .FirstOrDefaultAsync(ct);
        return row is null ? null : new CustomerHoldings(row.Customer, [.. row.Held.Select(h => h.Assignment)]);
    }

    /// <summary>Stages the changes of the customer <see cref="ReadForAsync"/> read; they name no other customer.</summary>
    public IReadOnlyList<AppliedTagChange> Stage(IReadOnlyList<TagChangeRequest> changes, TagChangeOrigin origin, CustomerHoldings read) =>
        changes.Count == 0 ? [] : Decide(changes, origin, new Dictionary<long, Customer> { [read.Customer.Id] = read.Customer }, read.Held, new TrackedTagChanges(db));
}

/// <summary>A customer and the holdings a change of its tags can meet.</summary>
public sealed record CustomerHoldings(Customer Customer, List<TagAssignment> Held);
