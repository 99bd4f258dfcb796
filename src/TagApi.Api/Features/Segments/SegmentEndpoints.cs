using Microsoft.AspNetCore.Http.HttpResults;
using TagApi.Api.Common;
using TagApi.Api.Conditional;
using TagApi.Core.Segments;
using TagApi.Core.Segments.Query;
using TagApi.Core.Tenancy;

namespace TagApi.Api.Features.Segments;

/// <summary>REST endpoints of <c>/v1/segments</c>: saved segments and query validation.</summary>
public static class SegmentEndpoints
{
    private const string List = "segments";

    public static IEndpointRouteBuilder MapSegmentEndpoints(this IEndpointRouteBuilder app)
    {
        var read = app.MapResourceGroup("/v1/segments", "Segments", Scopes.SegmentsRead);
        var write = app.MapResourceGroup("/v1/segments", "Segments", Scopes.SegmentsWrite);

        read.MapGet("/", ListAsync).WithName("ListSegments").WithSummary("List saved segments").WithProblems(400);
        read.MapGet("/{idOrKey}", GetAsync).WithName("GetSegment").WithSummary("Get a segment by id or key").WithProblems(404);
        read.MapPost("/validate", ValidateAsync).WithName("ValidateSegmentQuery")
            .WithSummary("Check a query: every error with its position, or its canonical text and JSON AST").WithProblems(400);
        write.MapPost("/", CreateAsync).WithName("CreateSegment").WithSummary("Save a segment").WithProblems(400, 409);
        write.MapPatch("/{idOrKey}", UpdateAsync).WithName("UpdateSegment").WithSummary("Change a segment's name, description or query").WithProblems(400, 404);
        write.MapDelete("/{idOrKey}", DeleteAsync).WithName("DeleteSegment").WithSummary("Delete a segment no other segment uses").WithProblems(404, 409);
        return app;
    }

    private static async Task<Ok<ListResponse<SegmentResponse>>> ListAsync([AsParameters] ListQuery query, Paging paging, SegmentService service, CancellationToken ct)
    {
        var page = await service.ListAsync(paging.Request(List, query), ct);
        return TypedResults.Ok(paging.Response(List, page, s => s.Id, SegmentResponse.From));
    }

    private static async Task<Ok<SegmentResponse>> GetAsync(string idOrKey, HttpContext http, SegmentService service, CancellationToken ct) =>
        TypedResults.Ok(SegmentResponse.From(http.Tagged(await service.GetAsync(idOrKey, ct))));

    private static async Task<Ok<ValidateQueryResponse>> ValidateAsync(ValidateQueryRequest request, SegmentQueries queries, CancellationToken ct)
    {
        var result = await queries.ValidateAsync(request.Query, request.Ast, "query", ct);
        return TypedResults.Ok(new ValidateQueryResponse(
            result.Valid, result.Errors.Select(QueryErrorResponse.From).ToList(), result.Query?.Text,
            result.Query is null ? null : SegmentQueryJson.ToJson(result.Query.Root)));
    }

    private static async Task<Created<SegmentResponse>> CreateAsync(CreateSegmentRequest request, HttpContext http, SegmentService service, CancellationToken ct)
    {
        var response = SegmentResponse.From(http.Tagged(await service.CreateAsync(request.ToInput(), ct)));
        return TypedResults.Created($"/v1/segments/{response.Id}", response);
    }

    private static async Task<Ok<SegmentResponse>> UpdateAsync(string idOrKey, SegmentInput changes, HttpContext http, SegmentService service, CancellationToken ct) =>
        TypedResults.Ok(SegmentResponse.From(http.Tagged(await service.UpdateAsync(idOrKey, changes, ct))));

    private static async Task<NoContent> DeleteAsync(string idOrKey, SegmentService service, CancellationToken ct)
    {
        await service.DeleteAsync(idOrKey, ct);
        return TypedResults.NoContent();
    }
}
