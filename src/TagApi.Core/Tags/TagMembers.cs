using Microsoft.EntityFrameworkCore;
using TagApi.Core.Common;
using TagApi.Core.Customers;
using TagApi.Core.Data;

namespace TagApi.Core.Tags;

/// <summary>Lists the customers holding a tag, optionally counting its descendants as the tag.</summary>
public sealed class TagMembers(TagApiDbContext db, TagLookup lookup, TimeProvider clock)
{
    public async Task<Page<Customer>> ListAsync(string tagRef, bool includeDescendants, PageRequest page, CancellationToken ct)
    {
        var tag = await lookup.GetAsync(tagRef, ct);
        IReadOnlyList<long> tagIds = includeDescendants ? (await TagHierarchy.LoadAsync(db, ct)).SelfAndDescendants(tag.Id) : [tag.Id];
        var now = clock.UtcNow();
        return await db.Customers.AsNoTracking()
            .Where(c => db.TagAssignments.Any(a => a.CustomerId == c.Id && tagIds.Contains(a.TagId) && (a.ExpiresAt == null || a.ExpiresAt > now)))
            .ToPageAsync(page, c => c.Id, ct);
    }
}
