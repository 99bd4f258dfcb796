using GraphQL;
using GraphQL.Types;
using TagApi.Api.Conditional;
using TagApi.Api.GraphQL;
using TagApi.Core.Common;
using TagApi.Core.TagCategories;
using TagApi.Core.Tenancy;
using static TagApi.Api.GraphQL.Payloads;

namespace TagApi.Api.Features.TagCategories;

/// <summary>Root GraphQL fields of tag categories; each calls the <see cref="TagCategoryService"/> method its REST endpoint calls.</summary>
public static class TagCategoryGraphQL
{
    private const string List = "tag-categories";

    public static void AddQueries(ObjectGraphType query)
    {
        query.Field<TagCategoryGraphType>("tagCategory").Description("A tag category by id or key; null when there is none.")
            .Argument<IdGraphType>("id", "Category id (cat_…).").Argument<StringGraphType>("key", "Category key.")
            .RequireScope(Scopes.TagsRead)
            .ResolveAsync(c => Resolve.OrNullAsync(() => c.Service<TagCategoryService>().GetAsync(Resolve.OneOf(c, "id", "key"), c.CancellationToken)));

        query.ConnectionField<TagCategoryGraphType, object?>("tagCategories", "The tenant's tag categories, in creation order.")
            .RequireScope(Scopes.TagsRead)
            .ResolveAsync(async c =>
            {
                var page = await c.Service<TagCategoryService>().ListAsync(Connections.PageOf(c, List), c.CancellationToken);
                return Connections.From(c, List, page, x => x.Id);
            });
    }

    public static void AddMutations(ObjectGraphType mutation)
    {
        var payload = Type("TagCategoryPayload", "The tag category after the change.", ("tagCategory", typeof(TagCategoryGraphType), "The category; null when the change failed."));
        mutation.AddMutation("createTagCategory", "Create a tag category.", Scopes.TagsWrite, payload,
            Args(Arg<NonNullGraphType<CreateTagCategoryInputGraphType>>("input", "The new category.")),
            async c =>
            {
                var input = new InputFields(c.GetArgument<Dictionary<string, object?>>("input"));
                var created = await c.Service<TagCategoryService>().CreateAsync(new CreateTagCategoryRequest(
                    input.Get<string>("key")!, input.Get<string>("name")!, input.Get<string?>("description"), input.Get<string?>("color"),
                    input.Get<bool?>("exclusive") ?? false, input.Get<int?>("sortOrder") ?? 0).ToInput(), c.CancellationToken);
                return new Payload { ["tagCategory"] = created };
            });
        mutation.AddMutation("updateTagCategory", "Change a tag category.", Scopes.TagsWrite, payload,
            Args(Arg<NonNullGraphType<StringGraphType>>("id", "Category id or key."), Arg<NonNullGraphType<UpdateTagCategoryInputGraphType>>("input", "The changes."),
                ExpectedVersion.Argument("category")),
            async c => new Payload
            {
                ["tagCategory"] = await c.Service<TagCategoryService>().UpdateAsync(
                    c.GetArgument<string>("id"), UpdateTagCategoryInputGraphType.Read(new InputFields(c.GetArgument<Dictionary<string, object?>>("input"))), c.CancellationToken),
            });
        mutation.AddMutation("deleteTagCategory", "Delete a tag category that no tag uses.", Scopes.TagsWrite,
            Type("DeleteTagCategoryPayload", "Which category was deleted.", ("deletedId", typeof(IdGraphType), "Id of the deleted category.")),
            Args(Arg<NonNullGraphType<StringGraphType>>("id", "Category id or key.")),
            async c =>
            {
                var service = c.Service<TagCategoryService>();
                var category = await service.GetAsync(c.GetArgument<string>("id"), c.CancellationToken);
                await service.DeleteAsync(c.GetArgument<string>("id"), c.CancellationToken);
                return new Payload { ["deletedId"] = PublicId.Encode(IdPrefixes.Category, category.Id) };
            });
    }
}
