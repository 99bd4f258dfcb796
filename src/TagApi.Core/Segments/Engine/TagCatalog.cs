namespace TagApi.Core.Segments.Engine;

/// <summary>One tag as the index sees it.</summary>
public sealed record IndexedTag(long Id, string Key, long CategoryId, long? ParentId);

/// <summary>
/// The tenant's tag structure for query compilation: keys (and merged-away aliases) to ids,
/// categories, and the hierarchy for <c>UNDER</c>. Small and immutable; replaced whole on change.
/// </summary>
public sealed class TagCatalog
{
    private readonly Dictionary<string, long> _idByKey;
    private readonly Dictionary<string, long> _categoryByKey;
    private readonly ILookup<long, long> _children;
    private readonly ILookup<long, long> _tagsByCategory;
    private readonly HashSet<long> _exclusiveCategories;

    public TagCatalog(
        IReadOnlyList<IndexedTag> tags, IReadOnlyDictionary<string, long> aliases, IReadOnlyDictionary<string, long> categories,
        IEnumerable<long>? exclusiveCategories = null)
    {
        _exclusiveCategories = [.. exclusiveCategories ?? []];
        Tags = tags.ToDictionary(t => t.Id);
        _idByKey = new Dictionary<string, long>(aliases, StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            _idByKey[tag.Key] = tag.Id;
        }

        _categoryByKey = new Dictionary<string, long>(categories, StringComparer.Ordinal);
        _children = tags.Where(t => t.ParentId is not null).ToLookup(t => t.ParentId!.Value, t => t.Id);
        _tagsByCategory = tags.ToLookup(t => t.CategoryId, t => t.Id);
    }

    public IReadOnlyDictionary<long, IndexedTag> Tags { get; }

    /// <summary>Every key a query may name a tag by: current keys and merged-away aliases.</summary>
    public IEnumerable<string> TagKeys => _idByKey.Keys;

    public IEnumerable<string> CategoryKeys => _categoryByKey.Keys;

    public long? TagId(string key) => _idByKey.TryGetValue(key, out var id) ? id : null;

    public long? CategoryId(string key) => _categoryByKey.TryGetValue(key, out var id) ? id : null;

    public IEnumerable<long> TagsOfCategory(long categoryId) => _tagsByCategory[categoryId];

    /// <summary>True when a customer may hold only one tag of the category.</summary>
    public bool IsExclusiveCategory(long categoryId) => _exclusiveCategories.Contains(categoryId);

    /// <summary>True when <paramref name="other"/> describes the same tags, keys, categories and exclusivity.</summary>
    public bool SameAs(TagCatalog other) =>
        ReferenceEquals(this, other) ||
        (Tags.Count == other.Tags.Count && Tags.All(t => other.Tags.TryGetValue(t.Key, out var o) && o == t.Value) &&
         _idByKey.Count == other._idByKey.Count && _idByKey.All(k => other._idByKey.TryGetValue(k.Key, out var o) && o == k.Value) &&
         _categoryByKey.Count == other._categoryByKey.Count && _categoryByKey.All(k => other._categoryByKey.TryGetValue(k.Key, out var o) && o == k.Value) &&
         _exclusiveCategories.SetEquals(other._exclusiveCategories));

    public IReadOnlyList<long> SelfAndDescendants(long tagId)
    {
        var result = new List<long> { tagId };
        for (var i = 0; i < result.Count; i++)
        {
            result.AddRange(_children[result[i]]);
        }

        return result;
    }
}
