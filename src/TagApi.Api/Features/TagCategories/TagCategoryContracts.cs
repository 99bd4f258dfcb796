using TagApi.Core.Common;
using TagApi.Core.TagCategories;

namespace TagApi.Api.Features.TagCategories;

/// <summary>A tag category.</summary>
/// <param name="Id">Opaque id (<c>cat_…</c>).</param>
/// <param name="Key">Unique slug within the tenant.</param>
/// <param name="Name">Display name.</param>
/// <param name="Description">Free text.</param>
/// <param name="Color">Colour as <c>#RRGGBB</c>.</param>
/// <param name="Exclusive">When true, a customer holds at most one tag of this category.</param>
/// <param name="SortOrder">Display order hint.</param>
/// <param name="CreatedAt">Creation time (UTC).</param>
/// <param name="UpdatedAt">Last change (UTC).</param>
public sealed record TagCategoryResponse(
    string Id, string Key, string Name, string? Description, string? Color, bool Exclusive, int SortOrder, DateTime CreatedAt, DateTime UpdatedAt)
{
    public static TagCategoryResponse From(TagCategory c) =>
        new(PublicId.Encode(IdPrefixes.Category, c.Id), c.Key, c.Name, c.Description, c.Color, c.Exclusive, c.SortOrder, c.CreatedAt, c.UpdatedAt);
}

/// <summary>A new tag category.</summary>
/// <param name="Key">Unique slug: lower-case letters, digits, '_' or '-'.</param>
/// <param name="Name">Display name.</param>
/// <param name="Description">Free text.</param>
/// <param name="Color">Colour as <c>#RRGGBB</c>.</param>
/// <param name="Exclusive">When true, a customer holds at most one tag of this category.</param>
/// <param name="SortOrder">Display order hint.</param>
public sealed record CreateTagCategoryRequest(string Key, string Name, string? Description = null, string? Color = null, bool Exclusive = false, int SortOrder = 0)
{
    public TagCategoryInput ToInput() => new()
    {
        Key = new(Key),
        Name = new(Name),
        Description = new(Description),
        Color = new(Color),
        Exclusive = new(Exclusive),
        SortOrder = new(SortOrder),
    };
}
