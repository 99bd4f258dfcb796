using TagApi.Core.Common;

namespace TagApi.Core.Tags;

/// <summary>Writable fields of a tag; unset members keep their current value.</summary>
public sealed record TagInput
{
    /// <summary>Unique slug: lower-case letters, digits, '_' or '-'.</summary>
    public Optional<string> Key { get; init; }

    /// <summary>Display name, any Unicode.</summary>
    public Optional<string> Name { get; init; }

    /// <summary>Free text; null clears it.</summary>
    public Optional<string?> Description { get; init; }

    /// <summary>Colour as #RRGGBB; null clears it.</summary>
    public Optional<string?> Color { get; init; }

    /// <summary>Category id or key; the <c>custom</c> category when never given.</summary>
    public Optional<string> Category { get; init; }

    /// <summary>Parent tag id or key; <c>null</c> makes the tag a root.</summary>
    public Optional<string?> Parent { get; init; }

    /// <summary>Archive (true) or restore (false) the tag.</summary>
    public Optional<bool> Archived { get; init; }
}

/// <summary>Filters of the tag list.</summary>
public sealed record TagListFilter(string? Category, string? Parent, string? Search, bool IncludeArchived);
