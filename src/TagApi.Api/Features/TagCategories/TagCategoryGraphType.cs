using GraphQL.Types;
using TagApi.Api.Conditional;
using TagApi.Api.GraphQL;
using TagApi.Core.Common;
using TagApi.Core.TagCategories;

namespace TagApi.Api.Features.TagCategories;

/// <summary>GraphQL <c>TagCategory</c>: the same fields as the REST <see cref="TagCategoryResponse"/>.</summary>
public sealed class TagCategoryGraphType : ObjectGraphType<TagCategory>
{
    public TagCategoryGraphType()
    {
        Name = "TagCategory";
        Description = "A group of tags. In an exclusive category a customer holds at most one tag (lifecycle stage, value tier).";
        Interface<NodeGraphType>();
        IsTypeOf = o => o is TagCategory;
        Field<NonNullGraphType<IdGraphType>>("id").Description("Opaque id (cat_…).").Resolve(c => PublicId.Encode(IdPrefixes.Category, c.Source.Id));
        Field(c => c.Key).Description("Unique slug within the tenant.");
        Field(c => c.Name).Description("Display name.");
        Field(c => c.Description, nullable: true).Description("Free text.");
        Field(c => c.Color, nullable: true).Description("Colour as #RRGGBB.");
        Field(c => c.Exclusive).Description("When true, a customer holds at most one tag of this category.");
        Field(c => c.SortOrder).Description("Display order hint.");
        Field("version", c => c.Revision).Description("Grows with every change to the category; the version its REST ETag carries, and what expectedVersion is compared with.");
        Field(c => c.CreatedAt).Description("Creation time (UTC).");
        Field(c => c.UpdatedAt).Description("Last change (UTC).");
    }
}

/// <summary>Fields of a new tag category.</summary>
public sealed class CreateTagCategoryInputGraphType : InputObjectGraphType
{
    public CreateTagCategoryInputGraphType()
    {
        Name = "CreateTagCategoryInput";
        Description = "A new tag category.";
        Field<NonNullGraphType<StringGraphType>>("key").Description("Unique slug: lower-case letters, digits, '_' or '-'.");
        Field<NonNullGraphType<StringGraphType>>("name").Description("Display name.");
        Field<StringGraphType>("description").Description("Free text.");
        Field<StringGraphType>("color").Description("Colour as #RRGGBB.");
        Field<BooleanGraphType>("exclusive").Description("When true, a customer holds at most one tag of this category (default false).");
        Field<IntGraphType>("sortOrder").Description("Display order hint (default 0).");
    }
}

/// <summary>Changes to a tag category; members left out keep their value.</summary>
public sealed class UpdateTagCategoryInputGraphType : InputObjectGraphType
{
    public UpdateTagCategoryInputGraphType()
    {
        Name = "UpdateTagCategoryInput";
        Description = "Changes to a tag category; fields left out keep their value, null clears optional ones.";
        Field<StringGraphType>("key").Description("New key.");
        Field<StringGraphType>("name").Description("New name.");
        Field<StringGraphType>("description").Description("Free text.");
        Field<StringGraphType>("color").Description("Colour as #RRGGBB.");
        Field<BooleanGraphType>("exclusive").Description("Refused while a customer holds two of its tags.");
        Field<IntGraphType>("sortOrder").Description("Display order hint.");
    }

    public static TagCategoryInput Read(InputFields input) => new()
    {
        Key = input.Optional<string>("key"),
        Name = input.Optional<string>("name"),
        Description = input.Optional<string?>("description"),
        Color = input.Optional<string?>("color"),
        Exclusive = input.Optional<bool>("exclusive"),
        SortOrder = input.Optional<int>("sortOrder"),
    };
}
