using Microsoft.AspNetCore.Http.HttpResults;
using TagApi.Api.Common;
using TagApi.Api.Conditional;
using TagApi.Api.Features.Customers;
using TagApi.Core.TagAssignments;
using TagApi.Core.Tags;
using TagApi.Core.Tenancy;

namespace TagApi.Api.Features.Tags;

/// <summary>REST endpoints of <c>/v1/tags</c>.</summary>
public static class TagEndpoints
{
    private const string List = "tags";
    private const string MembersList = "tag-members";

    public static IEndpointRouteBuilder MapTagEndpoints(this IEndpointRouteBuilder app)
    {
        var read = app.MapResourceGroup("/v1/tags", "Tags", Scopes.TagsRead);
        var write = app.MapResourceGroup("/v1/tags", "Tags", Scopes.TagsWrite);
        var members = app.MapResourceGroup("/v1/tags", "Tags", Scopes.CustomersRead);

        read.MapGet("/", ListAsync).WithName("ListTags").WithSummary("List tags").WithProblems(400, 404);
        read.MapGet("/{idOrKey}", GetAsync).WithName("GetTag").WithSummary("Get a tag by id, key or merged-away key").WithProblems(404);
        write.MapPost("/", CreateAsync).WithName("CreateTag").WithSummary("Create a tag").WithProblems(400, 409);
        write.MapPatch("/{idOrKey}", UpdateAsync).WithName("UpdateTag").WithSummary("Change, move, re-parent or archive a tag").WithProblems(400, 404, 409);
        write.MapDelete("/{idOrKey}", DeleteAsync).WithName("DeleteTag").WithSummary("Delete a tag and remove it from its holders").WithProblems(404, 409);
        write.MapPost("/{idOrKey}/merge", MergeAsync).WithName("MergeTags")
            .WithSummary("Merge this tag into another; its key stays as an alias").WithProblems(400, 404, 409);
        members.MapGet("/{idOrKey}/customers", MembersAsync).WithName("ListTagCustomers")
            .WithSummary("Customers holding the tag (optionally or any descendant), now or with asOf at a past moment").WithProblems(400, 404);
        return app;
    }

    private static async Task<Ok<ListResponse<TagResponse>>> ListAsync(
        [AsParameters] ListQuery query, [AsParameters] TagListQuery filter, Paging paging, TagService service, CancellationToken ct)
    {
        var page = await service.ListAsync(
            new TagListFilter(filter.Category, filter.Parent, filter.Q, filter.IncludeArchived ?? false), paging.Request(List, query), ct);
        var counts = await service.CountCustomersAsync(page.Items.Select(t => t.Id).ToList(), ct);
        return TypedResults.Ok(paging.Response(List, page, t => t.Id, t => TagResponse.From(t, counts.GetValueOrDefault(t.Id))));
    }

    private static async Task<Ok<TagResponse>> GetAsync(string idOrKey, HttpContext http, TagService service, CancellationToken ct) =>
        TypedResults.Ok(await RespondAsync(http.Tagged(await service.GetAsync(idOrKey, ct)), service, ct));

    private static async Task<Created<TagResponse>> CreateAsync(CreateTagRequest request, HttpContext http, TagService service, CancellationToken ct)
    {
        var response = TagResponse.From(http.Tagged(await service.CreateAsync(request.ToInput(), ct)), 0);
        return TypedResults.Created($"/v1/tags/{response.Id}", response);
    }

    private static async Task<Ok<TagResponse>> UpdateAsync(string idOrKey, TagInput changes, HttpContext http, TagService service, CancellationToken ct) =>
        TypedResults.Ok(await RespondAsync(http.Tagged(await service.UpdateAsync(idOrKey, changes, ct)), service, ct));

    private static async Task<NoContent> DeleteAsync(string idOrKey, TagService service, CancellationToken ct)
    {
        await service.DeleteAsync(idOrKey, ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<TagResponse>> MergeAsync(
        string idOrKey, MergeTagsRequest request, HttpContext http, TagMerger merger, TagService service, CancellationToken ct) =>
        TypedResults.Ok(await RespondAsync(http.Tagged(await merger.MergeAsync(idOrKey, request.Into, ct)), service, ct));

    private static async Task<Ok<ListResponse<CustomerResponse>>> MembersAsync(
        string idOrKey, [AsParameters] ListQuery query, bool? includeDescendants, DateTimeOffset? asOf, Paging paging, TagMembers members,
        TagHoldingsAsOf history, CustomerResponseMapper mapper, CancellationToken ct)
    {
        var request = paging.Request(MembersList, query);
        var page = asOf is { } at
            ? await history.HoldersAsync(idOrKey, includeDescendants ?? false, at.UtcDateTime, request, ct)
            : await members.ListAsync(idOrKey, includeDescendants ?? false, request, ct);
        return TypedResults.Ok(await mapper.PageAsync(paging, MembersList, page, ct));
    }

    private static async Task<TagResponse> RespondAsync(Tag tag, TagService service, CancellationToken ct)
    {
        var counts = await service.CountCustomersAsync([tag.Id], ct);
        return TagResponse.From(tag, counts.GetValueOrDefault(tag.Id));
    }
}
