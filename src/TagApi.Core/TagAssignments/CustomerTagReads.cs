using Microsoft.EntityFrameworkCore;
using TagApi.Core.Common;
using TagApi.Core.Customers;
using TagApi.Core.Data;

namespace TagApi.Core.TagAssignments;

/// <summary>
/// Reads the current tags and the newest ledger lines of many customers at once (one query
/// each), with the same rules as <see cref="CustomerTagService"/>: expired tags are gone for the reader.
/// One customer with its tags is <see cref="CustomerWithTagsReads"/>.
/// </summary>
public sealed class CustomerTagReads(TagApiDbContext db, TimeProvider clock)
{
    /// <summary>Each customer's current tags (with tag and category), in the order they were assigned.</summary>
    public async Task<IReadOnlyDictionary<long, IReadOnlyList<TagAssignment>>> CurrentAsync(IReadOnlyCollection<long> customerIds, CancellationToken ct)
    {
        var now = clock.UtcNow();
        var rows = await db.TagAssignments.AsNoTracking().Include(a => a.Tag).ThenInclude(t => t!.Category)
            .Where(a => customerIds.Contains(a.CustomerId) && (a.ExpiresAt == null || a.ExpiresAt > now))
            .OrderBy(a => a.AssignedAt).ThenBy(a => a.TagId)
            .ToListAsync(ct);
        var byCustomer = rows.ToLookup(a => a.CustomerId);
        return customerIds.ToDictionary(c => c, c => (IReadOnlyList<TagAssignment>)byCustomer[c].ToList());
    }

    /// <summary>The first page of each customer's ledger, newest first, as <see cref="CustomerTagService.HistoryAsync"/> pages it.</summary>
    public async Task<IReadOnlyDictionary<long, Page<TagHistoryEntry>>> NewestHistoryAsync(IReadOnlyCollection<long> customerIds, int limit, CancellationToken ct)
    {
        // One query: the newest limit + 1 lines of each customer (a lateral join or a row-number window, per provider).
        var rows = await db.Customers.AsNoTracking()
            .Where(c => customerIds.Contains(c.Id))
            .SelectMany(c => db.TagHistory.AsNoTracking().Where(h => h.CustomerId == c.Id).OrderByDescending(h => h.Id).Take(limit + 1))
            .ToListAsync(ct);
        var byCustomer = rows.ToLookup(h => h.CustomerId);
        return customerIds.ToDictionary(c => c, c => Page<TagHistoryEntry>.FromOverfetch(byCustomer[c].OrderByDescending(h => h.Id).ToList(), limit));
    }
}
