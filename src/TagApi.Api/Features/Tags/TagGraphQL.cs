using GraphQL;
using GraphQL.Types;
using TagApi.Api.Conditional;
using TagApi.Api.GraphQL;
using TagApi.Core.Common;
using TagApi.Core.Tags;
using TagApi.Core.Tenancy;
using static TagApi.Api.GraphQL.Payloads;

namespace TagApi.Api.Features.Tags;

/// <summary>Root GraphQL fields of tags; each calls the Core method its REST endpoint calls.</summary>
public static class TagGraphQL
{
    private const string List = "tags";

    public static void AddQueries(ObjectGraphType query)
    {
        query.Field<TagGraphType>("tag").Description("A tag by id, key or merged-away key; null when there is none.")
            .Argument<IdGraphType>("id", "Tag id (tag_…).").Argument<StringGraphType>("key", "Tag key, or the key of a tag merged into it.")
            .RequireScope(Scopes.TagsRead)
            .ResolveAsync(c => Resolve.OrNullAsync(() => c.Service<TagService>().GetAsync(Resolve.OneOf(c, "id", "key"), c.CancellationToken)));

        query.ConnectionField<TagGraphType, object?>("tags", "The tenant's tags, in creation order.")
            .Argument<StringGraphType>("category", "Only tags of this category (id or key).")
            .Argument<StringGraphType>("parent", "Only direct children of this tag (id or key).")
            .Argument<StringGraphType>("q", "Text contained in the key or name.")
            .Argument<BooleanGraphType>("includeArchived", "Include archived tags (default false).")
            .RequireScope(Scopes.TagsRead)
            .ResolveAsync(async c =>
            {
                var filter = new TagListFilter(c.GetArgument<string?>("category"), c.GetArgument<string?>("parent"), c.GetArgument<string?>("q"),
                    c.GetArgument<bool?>("includeArchived") ?? false);
                var page = await c.Service<TagService>().ListAsync(filter, Connections.PageOf(c, List), c.CancellationToken);
                return Connections.From(c, List, page, t => t.Id);
            });
    }

    public static void AddMutations(ObjectGraphType mutation)
    {
        var payload = Type("TagPayload", "The tag after the change.", ("tag", typeof(TagGraphType), "The tag; null when the change failed."));
        mutation.AddMutation("createTag", "Create a tag.", Scopes.TagsWrite, payload,
            Args(Arg<NonNullGraphType<CreateTagInputGraphType>>("input", "The new tag.")),
            async c =>
            {
                var input = new InputFields(c.GetArgument<Dictionary<string, object?>>("input"));
                var request = new CreateTagRequest(input.Get<string>("key")!, input.Get<string>("name")!, input.Get<string?>("description"),
                    input.Get<string?>("color"), input.Get<string?>("category"), input.Get<string?>("parent"));
                return new Payload { ["tag"] = await c.Service<TagService>().CreateAsync(request.ToInput(), c.CancellationToken) };
            });
        mutation.AddMutation("updateTag", "Change, move, re-parent or archive a tag.", Scopes.TagsWrite, payload,
            Args(Arg<NonNullGraphType<StringGraphType>>("id", "Tag id or key."), Arg<NonNullGraphType<UpdateTagInputGraphType>>("input", "The changes."),
                ExpectedVersion.Argument("tag")),
            async c => new Payload
            {
                ["tag"] = await c.Service<TagService>().UpdateAsync(
                    c.GetArgument<string>("id"), UpdateTagInputGraphType.Read(new InputFields(c.GetArgument<Dictionary<string, object?>>("input"))), c.CancellationToken),
            });
        mutation.AddMutation("deleteTag", "Delete a tag and remove it from its holders.", Scopes.TagsWrite,
            Type("DeleteTagPayload", "Which tag was deleted.", ("deletedId", typeof(IdGraphType), "Id of the deleted tag.")),
            Args(Arg<NonNullGraphType<StringGraphType>>("id", "Tag id or key.")),
            async c =>
            {
                var service = c.Service<TagService>();
                var tag = await service.GetAsync(c.GetArgument<string>("id"), c.CancellationToken);
                await service.DeleteAsync(c.GetArgument<string>("id"), c.CancellationToken);
                return new Payload { ["deletedId"] = PublicId.Encode(IdPrefixes.Tag, tag.Id) };
            });
        mutation.AddMutation("mergeTags", "Merge a tag into another: holders move over and the old key stays as an alias.", Scopes.TagsWrite, payload,
            Args(Arg<NonNullGraphType<StringGraphType>>("source", "Id or key of the tag that disappears."),
                Arg<NonNullGraphType<StringGraphType>>("into", "Id or key of the tag that absorbs it.")),
            async c => new Payload
            {
                ["tag"] = await c.Service<TagMerger>().MergeAsync(c.GetArgument<string>("source"), c.GetArgument<string>("into"), c.CancellationToken),
            });
    }
}

/// <summary>Fields of a new tag.</summary>
public sealed class CreateTagInputGraphType : InputObjectGraphType
{
    public CreateTagInputGraphType()
    {
        Name = "CreateTagInput";
        Description = "A new tag.";
        Field<NonNullGraphType<StringGraphType>>("key").Description("Unique slug: lower-case letters, digits, '_' or '-'.");
        Field<NonNullGraphType<StringGraphType>>("name").Description("Display name, any Unicode.");
        Field<StringGraphType>("description").Description("Free text.");
        Field<StringGraphType>("color").Description("Colour as #RRGGBB.");
        Field<StringGraphType>("category").Description("Category id or key; custom when absent.");
        Field<StringGraphType>("parent").Description("Parent tag id or key.");
    }
}

/// <summary>Changes to a tag; members left out keep their value.</summary>
public sealed class UpdateTagInputGraphType : InputObjectGraphType
{
    public UpdateTagInputGraphType()
    {
        Name = "UpdateTagInput";
        Description = "Changes to a tag; fields left out keep their value, null clears optional ones (parent: null makes it a root).";
        Field<StringGraphType>("key").Description("New key.");
        Field<StringGraphType>("name").Description("New name.");
        Field<StringGraphType>("description").Description("Free text.");
        Field<StringGraphType>("color").Description("Colour as #RRGGBB.");
        Field<StringGraphType>("category").Description("Move to this category (id or key).");
        Field<StringGraphType>("parent").Description("Re-parent under this tag (id or key); null makes it a root.");
        Field<BooleanGraphType>("archived").Description("Archive or unarchive.");
    }

    public static TagInput Read(InputFields input) => new()
    {
        Key = input.Optional<string>("key"),
        Name = input.Optional<string>("name"),
        Description = input.Optional<string?>("description"),
        Color = input.Optional<string?>("color"),
        Category = input.Optional<string>("category"),
        Parent = input.Optional<string?>("parent"),
        Archived = input.Optional<bool>("archived"),
    };
}
