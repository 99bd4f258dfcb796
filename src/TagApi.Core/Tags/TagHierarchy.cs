using Microsoft.EntityFrameworkCore;
using TagApi.Core.Common;
using TagApi.Core.Data;

namespace TagApi.Core.Tags;

/// <summary>
/// The parent → child structure of a tenant's tags, loaded as a small id map (tenants have
/// hundreds of tags, not millions), for depth limits, cycle refusal and descendant look-ups.
/// </summary>
public sealed class TagHierarchy
{
    private readonly Dictionary<long, long?> _parentOf;
    private readonly ILookup<long, long> _childrenOf;

    private TagHierarchy(Dictionary<long, long?> parentOf)
    {
        _parentOf = parentOf;
        _childrenOf = parentOf.Where(p => p.Value is not null).ToLookup(p => p.Value!.Value, p => p.Key);
    }

    public static async Task<TagHierarchy> LoadAsync(TagApiDbContext db, CancellationToken ct)
    {
        var rows = await db.Tags.AsNoTracking().Select(t => new { t.Id, t.ParentId }).ToListAsync(ct);
        return new TagHierarchy(rows.ToDictionary(r => r.Id, r => r.ParentId));
    }

    /// <summary>The tag and every tag below it.</summary>
    public IReadOnlyList<long> SelfAndDescendants(long tagId)
    {
        var result = new List<long> { tagId };
        for (var i = 0; i < result.Count; i++)
        {
            result.AddRange(_childrenOf[result[i]]);
        }

        return result;
    }

    /// <summary>Levels from the root down to the tag itself (a root tag has depth 1).</summary>
    public int DepthOf(long tagId)
    {
        var depth = 1;
        for (var current = _parentOf.GetValueOrDefault(tagId); current is not null; current = _parentOf.GetValueOrDefault(current.Value))
        {
            depth++;
        }

        return depth;
    }

    /// <summary>Levels of the subtree hanging from the tag, the tag included.</summary>
    public int HeightOf(long tagId) => 1 + _childrenOf[tagId].Select(HeightOf).DefaultIfEmpty(0).Max();

    /// <summary>Refuses a parent that would create a cycle or make the tree deeper than allowed.</summary>
    public void EnsureCanAttach(long? tagId, long newParentId, string field)
    {
        if (tagId is { } self && SelfAndDescendants(self).Contains(newParentId))
        {
            throw new ValidationFailedException(field, "A tag cannot be placed under itself or one of its descendants.");
        }

        var height = tagId is { } id ? HeightOf(id) : 1;
        if (DepthOf(newParentId) + height > Tag.MaxDepth)
        {
            throw new ValidationFailedException(field, $"Tag hierarchies are at most {Tag.MaxDepth} levels deep.");
        }
    }
}
