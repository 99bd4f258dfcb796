using TagApi.Core.Common;

namespace TagApi.Core.TagCategories;

/// <summary>Writable fields of a category; unset members keep their current value.</summary>
public sealed record TagCategoryInput
{
    /// <summary>Unique slug: lower-case letters, digits, '_' or '-'.</summary>
    public Optional<string> Key { get; init; }

    /// <summary>Display name.</summary>
    public Optional<string> Name { get; init; }

    /// <summary>Free text; null clears it.</summary>
    public Optional<string?> Description { get; init; }

    /// <summary>Colour as #RRGGBB; null clears it.</summary>
    public Optional<string?> Color { get; init; }

    /// <summary>When true, a customer holds at most one tag of this category.</summary>
    public Optional<bool> Exclusive { get; init; }

    /// <summary>Display order hint.</summary>
    public Optional<int> SortOrder { get; init; }
}
