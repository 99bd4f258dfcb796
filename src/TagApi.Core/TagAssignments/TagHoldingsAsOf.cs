using Microsoft.EntityFrameworkCore;
using TagApi.Core.Common;
using TagApi.Core.Customers;
using TagApi.Core.Data;
using TagApi.Core.TagCategories;
using TagApi.Core.Tags;

namespace TagApi.Core.TagAssignments;

/// <summary>
/// What was held at a past moment, read from the ledger alone: a customer held a tag at <c>asOf</c> when its last
/// ledger line for the tag at or before then is an addition. Every way a holding changes writes a line (adds,
/// removals, exclusive replacements, expiries, merges and deletions of tags, rule runs), so the answer needs no
/// current state. A customer erased since is gone from the ledger too. An expiry counts from when the sweeper
/// removed the tag, which is when its <c>expired</c> line was written.
/// </summary>
public sealed class TagHoldingsAsOf(TagApiDbContext db, CustomerLookup customers, TagLookup tags)
{
    /// <summary>
    /// The customer's tags at <paramref name="asOf"/>, as assignments (source and time of the addition). A tag
    /// deleted since appears with the id and key the ledger recorded, its key as its name and no category.
    /// </summary>
    public async Task<IReadOnlyList<TagAssignment>> CustomerTagsAsync(string customerId, DateTime asOf, CancellationToken ct)
    {
        var customer = await customers.GetAsync(customerId, ct);
        var at = asOf.ToUniversalTime();
        var lines = await db.TagHistory.AsNoTracking().Where(h => h.CustomerId == customer.Id && h.At <= at).OrderBy(h => h.Id).ToListAsync(ct);
        var held = Fold(lines, h => h.TagId).Values.Where(h => h.Action == TagHistoryAction.Added).ToList();
        var ids = held.Select(h => h.TagId).ToList();
        var existing = await db.Tags.AsNoTracking().Include(t => t.Category).Where(t => ids.Contains(t.Id)).ToDictionaryAsync(t => t.Id, ct);
        return held.OrderBy(h => h.At).ThenBy(h => h.TagId).Select(h => new TagAssignment
        {
            TenantId = customer.TenantId,
            CustomerId = customer.Id,
            TagId = h.TagId,
            Tag = existing.GetValueOrDefault(h.TagId) ?? Deleted(h),
            Source = h.Source,
            SourceRef = h.SourceRef,
            AssignedAt = h.At,
        }).ToList();
    }

    /// <summary>The customers holding the tag (or, with <paramref name="includeDescendants"/>, any descendant) at <paramref name="asOf"/>, in id order.</summary>
    public async Task<Page<Customer>> HoldersAsync(string tagRef, bool includeDescendants, DateTime asOf, PageRequest page, CancellationToken ct)
    {
        var tag = await tags.GetAsync(tagRef, ct);
        IReadOnlyList<long> tagIds = includeDescendants ? (await TagHierarchy.LoadAsync(db, ct)).SelfAndDescendants(tag.Id) : [tag.Id];
        var at = asOf.ToUniversalTime();
        // A range read on the ledger's (tenant, tag, time) index.
        var lines = await db.TagHistory.AsNoTracking().Where(h => tagIds.Contains(h.TagId) && h.At <= at)
            .OrderBy(h => h.Id).Select(h => new { h.CustomerId, h.TagId, h.Action }).ToListAsync(ct);
        var holders = Fold(lines, l => (l.CustomerId, l.TagId)).Values.Where(l => l.Action == TagHistoryAction.Added)
            .Select(l => l.CustomerId).Where(c => page.AfterId is not { } after || c > after).Distinct().Order().Take(page.Limit + 1).ToList();
        var found = await db.Customers.AsNoTracking().Where(c => holders.Contains(c.Id)).OrderBy(c => c.Id).ToListAsync(ct);
        return Page<Customer>.FromOverfetch(found, page.Limit);
    }

    // The last line per key, lines being in ledger order.
    private static Dictionary<TKey, TLine> Fold<TLine, TKey>(IEnumerable<TLine> lines, Func<TLine, TKey> key)
        where TKey : notnull
    {
        var last = new Dictionary<TKey, TLine>();
        foreach (var line in lines)
        {
            last[key(line)] = line;
        }

        return last;
    }

    private static Tag Deleted(TagHistoryEntry line) => new()
    {
        Id = line.TagId,
        TenantId = line.TenantId,
        Key = line.TagKey,
        Name = line.TagKey,
        Category = new TagCategory { Key = "", Name = "" },
    };
}
