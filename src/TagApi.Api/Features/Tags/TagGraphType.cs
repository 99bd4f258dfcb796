using GraphQL;
using GraphQL.Types;
using TagApi.Api.Conditional;
using TagApi.Api.Features.Customers;
using TagApi.Api.Features.TagCategories;
using TagApi.Api.GraphQL;
using TagApi.Core.Common;
using TagApi.Core.TagCategories;
using TagApi.Core.Tags;
using TagApi.Core.Tenancy;

namespace TagApi.Api.Features.Tags;

/// <summary>
/// GraphQL <c>Tag</c>: the fields of the REST <see cref="TagResponse"/>, with the category, parent
/// and children as objects loaded in batches.
/// </summary>
public sealed class TagGraphType : ObjectGraphType<Tag>
{
    private const string MembersList = "tag-members";

    public TagGraphType()
    {
        Name = "Tag";
        Description = "A label a customer can hold. Tags form a hierarchy at most five levels deep.";
        Interface<NodeGraphType>();
        IsTypeOf = o => o is Tag;
        Field<NonNullGraphType<IdGraphType>>("id").Description("Opaque id (tag_…).").Resolve(c => PublicId.Encode(IdPrefixes.Tag, c.Source.Id));
        Field(t => t.Key).Description("Unique slug within the tenant, e.g. high_value.");
        Field(t => t.Name).Description("Display name, any Unicode, e.g. 高价值客户.");
        Field(t => t.Description, nullable: true).Description("Free text.");
        Field(t => t.Color, nullable: true).Description("Colour as #RRGGBB.");
        Field<NonNullGraphType<TagCategoryGraphType>>("category").Description("The tag's category.")
            .Resolve(c => c.Source.Category is { } loaded ? loaded : TagLoaders.Category(c, c.Source.CategoryId));
        Field<TagGraphType>("parent").Description("The parent tag; null for a root tag.")
            .Resolve(c => c.Source.ParentId is { } parent ? TagLoaders.Tag(c, parent) : null);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TagGraphType>>>>("children").Description("Direct child tags, in creation order.")
            .Resolve(c => TagLoaders.Children(c, c.Source.Id));
        Field(t => t.RuleOwned).Description("Assigned by automatic rules only; manual edits are refused.");
        Field<NonNullGraphType<BooleanGraphType>>("archived").Description("Archived tags keep their holders but cannot be newly assigned.")
            .Resolve(c => c.Source.ArchivedAt is not null);
        Field(t => t.ArchivedAt, nullable: true).Description("When it was archived.");
        Field<NonNullGraphType<IntGraphType>>("customerCount").Description("How many customers hold the tag.")
            .Resolve(c => TagLoaders.CustomerCount(c, c.Source.Id));
        Field("version", t => t.Revision).Description("Grows with every change to the tag; the version its REST ETag carries, and what expectedVersion is compared with.");
        Field(t => t.CreatedAt).Description("Creation time (UTC).");
        Field(t => t.UpdatedAt).Description("Last change (UTC).");
        this.ConnectionField<CustomerGraphType, Tag>("customers", "Customers holding the tag (or, with includeDescendants, any of its descendants), in id order.")
            .Argument<BooleanGraphType>("includeDescendants", "Count holders of descendant tags as holders of this tag (default false).")
            .RequireScope(Scopes.CustomersRead)
            .ResolveAsync(async c =>
            {
                var page = await c.Service<TagMembers>().ListAsync(PublicId.Encode(IdPrefixes.Tag, c.Source.Id),
                    c.GetArgument<bool?>("includeDescendants") ?? false, Connections.PageOf(c, MembersList), c.CancellationToken);
                return Connections.From(c, MembersList, page, x => x.Id);
            });
    }
}

/// <summary>Batched reads behind the edges of <c>Tag</c>: one query per edge and request level.</summary>
public static class TagLoaders
{
    public static object Tag(IResolveFieldContext c, long id) =>
        c.Loaders().Get<long, Tag>("tags", (s, ids, ct) => s.GetRequiredService<TagReads>().ByIdsAsync(ids, ct)).Load(id);

    public static object Category(IResolveFieldContext c, long id) =>
        c.Loaders().Get<long, TagCategory>("categories", (s, ids, ct) => s.GetRequiredService<TagReads>().CategoriesAsync(ids, ct)).Load(id);

    public static object Children(IResolveFieldContext c, long id) =>
        c.Loaders().Get<long, IReadOnlyList<Tag>>("tag-children", (s, ids, ct) => s.GetRequiredService<TagReads>().ChildrenAsync(ids, ct)).Load(id);

    public static object CustomerCount(IResolveFieldContext c, long id) =>
        c.Loaders().Get<long, int>("tag-counts", async (s, ids, ct) =>
            (IReadOnlyDictionary<long, int>)await s.GetRequiredService<TagService>().CountCustomersAsync(ids, ct)).Load(id);
}
