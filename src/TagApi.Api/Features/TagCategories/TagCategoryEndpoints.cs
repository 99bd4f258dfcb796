using Microsoft.AspNetCore.Http.HttpResults;
using TagApi.Api.Common;
using TagApi.Api.Conditional;
using TagApi.Core.TagCategories;
using TagApi.Core.Tenancy;

namespace TagApi.Api.Features.TagCategories;

/// <summary>REST endpoints of <c>/v1/tag-categories</c>.</summary>
public static class TagCategoryEndpoints
{
    private const string List = "tag-categories";

    public static IEndpointRouteBuilder MapTagCategoryEndpoints(this IEndpointRouteBuilder app)
    {
        var read = app.MapResourceGroup("/v1/tag-categories", "Tag categories", Scopes.TagsRead);
        var write = app.MapResourceGroup("/v1/tag-categories", "Tag categories", Scopes.TagsWrite);

        read.MapGet("/", ListAsync).WithName("ListTagCategories").WithSummary("List tag categories").WithProblems(400);
        read.MapGet("/{idOrKey}", GetAsync).WithName("GetTagCategory").WithSummary("Get a tag category by id or key").WithProblems(404);
        write.MapPost("/", CreateAsync).WithName("CreateTagCategory").WithSummary("Create a tag category").WithProblems(400, 409);
        write.MapPatch("/{idOrKey}", UpdateAsync).WithName("UpdateTagCategory").WithSummary("Change a tag category").WithProblems(400, 404, 409);
        write.MapDelete("/{idOrKey}", DeleteAsync).WithName("DeleteTagCategory").WithSummary("Delete a tag category that no tag uses").WithProblems(404, 409);
        return app;
    }

    private static async Task<Ok<ListResponse<TagCategoryResponse>>> ListAsync([AsParameters] ListQuery query, Paging paging, TagCategoryService service, CancellationToken ct)
    {
        var page = await service.ListAsync(paging.Request(List, query), ct);
        return TypedResults.Ok(paging.Response(List, page, c => c.Id, TagCategoryResponse.From));
    }

    private static async Task<Ok<TagCategoryResponse>> GetAsync(string idOrKey, HttpContext http, TagCategoryService service, CancellationToken ct) =>
        TypedResults.Ok(TagCategoryResponse.From(http.Tagged(await service.GetAsync(idOrKey, ct))));

    private static async Task<Created<TagCategoryResponse>> CreateAsync(CreateTagCategoryRequest request, HttpContext http, TagCategoryService service, CancellationToken ct)
    {
        var response = TagCategoryResponse.From(http.Tagged(await service.CreateAsync(request.ToInput(), ct)));
        return TypedResults.Created($"/v1/tag-categories/{response.Id}", response);
    }

    private static async Task<Ok<TagCategoryResponse>> UpdateAsync(
        string idOrKey, TagCategoryInput changes, HttpContext http, TagCategoryService service, CancellationToken ct) =>
        TypedResults.Ok(TagCategoryResponse.From(http.Tagged(await service.UpdateAsync(idOrKey, changes, ct))));

    private static async Task<NoContent> DeleteAsync(string idOrKey, TagCategoryService service, CancellationToken ct)
    {
        await service.DeleteAsync(idOrKey, ct);
        return TypedResults.NoContent();
    }
}
