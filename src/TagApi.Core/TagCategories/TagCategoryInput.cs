using TagApi.Core.Common;

namespace TagApi.Core.TagCategories;

/// <summary>Writable fields of a category; unset members keep their current value.</summary>
public sealed record TagCategoryInput
{
    public Optional<string> Key { get; init; }

    public Optional<string> Name { get; init; }

    public Optional<string?> Description { get; init; }

    public Optional<string?> Color { get; init; }

    public Optional<bool> Exclusive { get; init; }

    public Optional<int> SortOrder { get; init; }
}
