using Microsoft.AspNetCore.Http.HttpResults;
using TagApi.Api.Common;
using TagApi.Api.Fairness;
using TagApi.Core.Common;
using TagApi.Core.Data;
using TagApi.Core.Segments;
using TagApi.Core.Segments.Engine;
using TagApi.Core.Tenancy;

namespace TagApi.Api.Features.Segments;

/// <summary>Evaluation endpoints: counts, member pages, exports and ad-hoc queries, answered from the in-memory index.</summary>
public static class SegmentQueryEndpoints
{
    public static IEndpointRouteBuilder MapSegmentQueryEndpoints(this IEndpointRouteBuilder app)
    {
        var read = app.MapResourceGroup("/v1/segments", "Segments", Scopes.SegmentsRead);
        read.MapGet("/index", IndexStatsAsync).WithName("GetSegmentIndex").WithSummary("The tenant's in-memory segment index: size, memory and version");
        read.MapPost("/query", QueryAsync).WithName("QuerySegment").WithSummary("Evaluate an ad-hoc query: exact count and first page of members").WithProblems(400);
        read.MapGet("/{idOrKey}/count", CountAsync).WithName("CountSegment").WithSummary("Exact member count of a saved segment").WithProblems(400, 404);
        read.MapGet("/{idOrKey}/customers", MembersAsync).WithName("ListSegmentCustomers").WithSummary("Members of a saved segment, cursor-paged").WithProblems(400, 404);
        read.MapGet("/{idOrKey}/export", ExportAsync).WithName("ExportSegment")
            .WithSummary("Stream every member as NDJSON or CSV (fields: id first, then externalId and/or email)").Produces(200, contentType: "application/x-ndjson").WithProblems(400, 404)
            .WithMetadata(OutsideTurns.Instance);
        return app;
    }

    private static async Task<Ok<SegmentQueryResponse>> QueryAsync(SegmentQueryRequest request, SegmentQueries queries, SegmentMembers members, CancellationToken ct)
    {
        var query = await queries.CheckAsync(request.Query, request.Ast, "query", ct);
        var (page, data, next) = await members.PageAsync(query, request.Limit, request.Cursor, withCount: true, ct);
        return TypedResults.Ok(new SegmentQueryResponse(page.Count, data, next, page.ComputedAt));
    }

    private static async Task<Ok<SegmentIndexResponse>> IndexStatsAsync(SegmentEngine engine, TenantContext tenant, CancellationToken ct) =>
        TypedResults.Ok(IndexStatsOf(await engine.IndexAsync(tenant.RequiredTenantId, ct)));

    /// <summary>What REST and GraphQL report about a tenant's index.</summary>
    public static SegmentIndexResponse IndexStatsOf(TenantIndex index)
    {
        var snapshot = index.Current;
        return new SegmentIndexResponse(snapshot.CustomerCount, snapshot.TagMembers.Count, snapshot.MemoryBytes, snapshot.Version, snapshot.ActivityMemoryBytes);
    }

    private static async Task<Ok<SegmentCountResponse>> CountAsync(string idOrKey, SegmentEvaluation evaluation, CancellationToken ct)
    {
        var (count, at) = await evaluation.CountAsync(await evaluation.SavedQueryAsync(idOrKey, ct), ct);
        return TypedResults.Ok(new SegmentCountResponse(count, at));
    }

    private static async Task<Ok<SegmentMembersResponse>> MembersAsync(
        string idOrKey, [AsParameters] ListQuery list, SegmentEvaluation evaluation, SegmentMembers members, CancellationToken ct)
    {
        var query = await evaluation.SavedQueryAsync(idOrKey, ct);
        var (page, data, next) = await members.PageAsync(query, Paging.LimitOf(list), list.Cursor, withCount: false, ct);
        return TypedResults.Ok(new SegmentMembersResponse(data, next, page.ComputedAt));
    }

    /// <summary>Streams members: ids from the index, then one streamed database read per window of members for the columns.</summary>
    private static async Task ExportAsync(
        string idOrKey, string? format, string? fields, HttpContext context, SegmentEvaluation evaluation, TagApiDbContext db, TenantContext tenant, CancellationToken ct)
    {
        var csv = (format ?? "ndjson").ToLowerInvariant() switch
        {
            "ndjson" => false,
            "csv" => true,
            _ => throw new ValidationFailedException("format", "format is ndjson or csv."),
        };
        var columns = (fields ?? "id,externalId,email").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (columns.Length == 0 || columns.Any(c => c is not ("id" or "externalId" or "email")) || columns[0] != "id")
        {
            throw new ValidationFailedException("fields", "fields lists id first, then any of externalId and email, e.g. id,email.");
        }

        // The default columns leave the e-mail out without customers:pii; asking for it by name is refused.
        var mayReadEmail = tenant.HasScope(Scopes.CustomersPii);
        if (fields is not null && columns.Contains("email") && !mayReadEmail)
        {
            throw PersonalDataGuard.ColumnRefusal("email");
        }

        var query = await evaluation.SavedQueryAsync(idOrKey, ct);
        var withExternalId = columns.Contains("externalId");
        var withEmail = columns.Contains("email") && mayReadEmail;
        context.Response.ContentType = csv ? "text/csv; charset=utf-8" : "application/x-ndjson";
        var lines = new ExportLines(csv, withExternalId, withEmail);
        lines.Header(columns.Where(c => c != "email" || withEmail));
        await new SegmentExport(db, context.Response.Body, lines).RunAsync(evaluation, query, ct);
    }
}
