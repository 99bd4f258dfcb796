namespace TagApi.Core.Segments.Query;

/// <summary><c>tag = 'key'</c>: the customer holds the tag.</summary>
public sealed record TagEquals(string Key) : QueryNode;

/// <summary><c>tag != 'key'</c>: the customer does not hold the tag.</summary>
public sealed record TagNotEquals(string Key) : QueryNode;

/// <summary><c>tag IN ('a', 'b')</c>: the customer holds at least one of the tags (one or more keys).</summary>
public sealed record TagIn(params IReadOnlyList<string> Keys) : QueryNode
{
    /// <summary>The tag keys, lower-cased, in the order written.</summary>
    public IReadOnlyList<string> Keys { get; } = EquatableList<string>.NonEmpty(Keys, nameof(Keys));
}

/// <summary><c>tag UNDER 'key'</c>: the customer holds the tag or any of its descendants.</summary>
public sealed record TagUnder(string Key) : QueryNode;

/// <summary><c>category.lifecycle = 'loyal'</c>: the customer holds that tag of that category.</summary>
public sealed record CategoryEquals(string CategoryKey, string TagKey) : QueryNode;

/// <summary>
/// <c>category.lifecycle IS NULL</c> (no tag of the category) or, when <paramref name="Negated"/>,
/// <c>IS NOT NULL</c> (at least one).
/// </summary>
public sealed record CategoryIsNull(string CategoryKey, bool Negated) : QueryNode;

/// <summary><c>segment = 'key'</c>: the customer is a member of another saved segment.</summary>
public sealed record SegmentRef(string Key) : QueryNode;
