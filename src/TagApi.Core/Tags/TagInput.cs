using TagApi.Core.Common;

namespace TagApi.Core.Tags;

/// <summary>Writable fields of a tag; unset members keep their current value.</summary>
public sealed record TagInput
{
    public Optional<string> Key { get; init; }

    public Optional<string> Name { get; init; }

    public Optional<string?> Description { get; init; }

    public Optional<string?> Color { get; init; }

    /// <summary>Category id or key; the <c>custom</c> category when never given.</summary>
    public Optional<string> Category { get; init; }

    /// <summary>Parent tag id or key; <c>null</c> makes the tag a root.</summary>
    public Optional<string?> Parent { get; init; }

    public Optional<bool> Archived { get; init; }
}

/// <summary>Filters of the tag list.</summary>
public sealed record TagListFilter(string? Category, string? Parent, string? Search, bool IncludeArchived);
