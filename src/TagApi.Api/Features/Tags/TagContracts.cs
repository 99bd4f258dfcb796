using TagApi.Core.Common;
using TagApi.Core.Tags;

namespace TagApi.Api.Features.Tags;

/// <summary>The category a tag belongs to, in brief.</summary>
/// <param name="Id">Category id (<c>cat_…</c>).</param>
/// <param name="Key">Category key.</param>
/// <param name="Name">Category name.</param>
/// <param name="Exclusive">Whether a customer holds at most one tag of it.</param>
public sealed record TagCategoryRef(string Id, string Key, string Name, bool Exclusive);

/// <summary>A tag.</summary>
/// <param name="Id">Opaque id (<c>tag_…</c>).</param>
/// <param name="Key">Unique slug within the tenant, e.g. <c>high_value</c>.</param>
/// <param name="Name">Display name, any Unicode, e.g. <c>高价值客户</c>.</param>
/// <param name="Description">Free text.</param>
/// <param name="Color">Colour as <c>#RRGGBB</c>.</param>
/// <param name="Category">The tag's category.</param>
/// <param name="ParentId">Parent tag id, or null for a root tag.</param>
/// <param name="RuleOwned">Assigned by automatic rules only; manual edits are refused.</param>
/// <param name="Archived">Archived tags keep their holders but cannot be newly assigned.</param>
/// <param name="ArchivedAt">When it was archived.</param>
/// <param name="CustomerCount">How many customers hold the tag.</param>
/// <param name="CreatedAt">Creation time (UTC).</param>
/// <param name="UpdatedAt">Last change (UTC).</param>
public sealed record TagResponse(
    string Id, string Key, string Name, string? Description, string? Color, TagCategoryRef Category, string? ParentId,
    bool RuleOwned, bool Archived, DateTime? ArchivedAt, int CustomerCount, DateTime CreatedAt, DateTime UpdatedAt)
{
    public static TagResponse From(Tag t, int customerCount) => new(
        PublicId.Encode(IdPrefixes.Tag, t.Id), t.Key, t.Name, t.Description, t.Color,
        new TagCategoryRef(PublicId.Encode(IdPrefixes.Category, t.CategoryId), t.Category!.Key, t.Category.Name, t.Category.Exclusive),
        t.ParentId is { } parent ? PublicId.Encode(IdPrefixes.Tag, parent) : null,
        t.RuleOwned, t.ArchivedAt is not null, t.ArchivedAt, customerCount, t.CreatedAt, t.UpdatedAt);
}

/// <summary>A tag in brief, as shown on customers.</summary>
/// <param name="Id">Tag id.</param>
/// <param name="Key">Tag key.</param>
/// <param name="Name">Tag name.</param>
/// <param name="Color">Tag colour.</param>
/// <param name="Category">Category key.</param>
public sealed record TagRef(string Id, string Key, string Name, string? Color, string Category)
{
    public static TagRef From(Tag t) => new(PublicId.Encode(IdPrefixes.Tag, t.Id), t.Key, t.Name, t.Color, t.Category!.Key);
}

/// <summary>A new tag.</summary>
/// <param name="Key">Unique slug: lower-case letters, digits, '_' or '-'.</param>
/// <param name="Name">Display name, any Unicode.</param>
/// <param name="Description">Free text.</param>
/// <param name="Color">Colour as <c>#RRGGBB</c>.</param>
/// <param name="Category">Category id or key; <c>custom</c> when absent.</param>
/// <param name="Parent">Parent tag id or key.</param>
public sealed record CreateTagRequest(string Key, string Name, string? Description = null, string? Color = null, string? Category = null, string? Parent = null)
{
    public TagInput ToInput() => new()
    {
        Key = new(Key),
        Name = new(Name),
        Description = new(Description),
        Color = new(Color),
        Category = Category is null ? default : new(Category),
        Parent = Parent is null ? default : new(Parent),
    };
}

/// <summary>Which tag to merge into.</summary>
/// <param name="Into">Id or key of the tag that absorbs this one.</param>
public sealed record MergeTagsRequest(string Into);

/// <summary>Filters of the tag list.</summary>
public sealed record TagListQuery
{
    /// <summary>Only tags of this category (id or key).</summary>
    public string? Category { get; init; }

    /// <summary>Only direct children of this tag (id or key).</summary>
    public string? Parent { get; init; }

    /// <summary>Text contained in the key or name.</summary>
    public string? Q { get; init; }

    /// <summary>Include archived tags.</summary>
    public bool? IncludeArchived { get; init; }
}
