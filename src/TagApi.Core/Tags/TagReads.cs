using Microsoft.EntityFrameworkCore;
using TagApi.Core.Data;
using TagApi.Core.TagCategories;

namespace TagApi.Core.Tags;

/// <summary>Reads tags and categories for many parents at once (one query each), for batched transports such as GraphQL.</summary>
public sealed class TagReads(TagApiDbContext db)
{
    /// <summary>Tags by internal id, with their categories.</summary>
    public async Task<IReadOnlyDictionary<long, Tag>> ByIdsAsync(IReadOnlyCollection<long> ids, CancellationToken ct) =>
        await db.Tags.AsNoTracking().Include(t => t.Category).Where(t => ids.Contains(t.Id)).ToDictionaryAsync(t => t.Id, ct);

    /// <summary>The direct children of each given tag, in id order (archived ones included).</summary>
    public async Task<IReadOnlyDictionary<long, IReadOnlyList<Tag>>> ChildrenAsync(IReadOnlyCollection<long> parentIds, CancellationToken ct)
    {
        var rows = await db.Tags.AsNoTracking().Include(t => t.Category)
            .Where(t => t.ParentId != null && parentIds.Contains(t.ParentId.Value)).OrderBy(t => t.Id).ToListAsync(ct);
        return parentIds.ToDictionary(p => p, p => (IReadOnlyList<Tag>)rows.Where(t => t.ParentId == p).ToList());
    }

    /// <summary>Categories by internal id.</summary>
    public async Task<IReadOnlyDictionary<long, TagCategory>> CategoriesAsync(IReadOnlyCollection<long> ids, CancellationToken ct) =>
        await db.TagCategories.AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
}
