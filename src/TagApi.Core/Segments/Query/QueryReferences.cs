namespace TagApi.Core.Segments.Query;

/// <summary>
/// The tags, categories and segments a query names, each distinct and sorted. Used to check
/// that a segment does not (transitively) include itself and that rules do not feed each other
/// in a cycle.
/// </summary>
public sealed record QueryReferences(
    IReadOnlyList<string> TagKeys, IReadOnlyList<string> CategoryKeys, IReadOnlyList<string> SegmentKeys)
{
    /// <summary>Tag keys from <c>tag</c> predicates and from <c>category.x = 'tag'</c>.</summary>
    public IReadOnlyList<string> TagKeys { get; } = EquatableList<string>.From(TagKeys);

    /// <summary>Category keys from <c>category.x</c> predicates.</summary>
    public IReadOnlyList<string> CategoryKeys { get; } = EquatableList<string>.From(CategoryKeys);

    /// <summary>Segment keys from <c>segment = 'x'</c> predicates.</summary>
    public IReadOnlyList<string> SegmentKeys { get; } = EquatableList<string>.From(SegmentKeys);

    /// <summary>Collects the names <paramref name="query"/> refers to.</summary>
    public static QueryReferences Of(QueryNode query)
    {
        var tags = new SortedSet<string>(StringComparer.Ordinal);
        var categories = new SortedSet<string>(StringComparer.Ordinal);
        var segments = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var leaf in QueryWalker.Predicates(query))
        {
            switch (leaf)
            {
                case TagEquals t: tags.Add(t.Key); break;
                case TagNotEquals t: tags.Add(t.Key); break;
                case TagUnder t: tags.Add(t.Key); break;
                case TagIn t: tags.UnionWith(t.Keys); break;
                case CategoryEquals c: categories.Add(c.CategoryKey); tags.Add(c.TagKey); break;
                case CategoryIsNull c: categories.Add(c.CategoryKey); break;
                case SegmentRef s: segments.Add(s.Key); break;
            }
        }

        return new QueryReferences([.. tags], [.. categories], [.. segments]);
    }
}
