using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using FromQueryAttribute = Microsoft.AspNetCore.Mvc.FromQueryAttribute;
using Microsoft.Extensions.Options;
using TagApi.Api.Common;
using TagApi.Api.Conditional;
using TagApi.Api.Fairness;
using TagApi.Api.OpenApi;
using TagApi.Core.BulkJobs;
using TagApi.Core.Common;

namespace TagApi.Api.Features.BulkJobs;

/// <summary>
/// REST endpoints of bulk jobs. Each job needs the scope of its kind (what it writes, or reads for an export); the
/// collection answers a token holding any of those scopes, and shows it the jobs of the kinds it covers.
/// </summary>
public static class BulkJobEndpoints
{
    private const string List = "bulk-jobs";
    private const string ErrorList = "bulk-job-errors";

    public static IEndpointRouteBuilder MapBulkJobEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/bulk-jobs")
            .WithTags("Bulk jobs")
            .RequireAuthorization()
            .WithMetadata(new AnyOfScopes(BulkJobKinds.Scopes))
            .AddEndpointFilter<AnyOfScopesFilter>()
            .AddEndpointFilter<ConditionalRequestFilter>()
            .WithRequestLimits()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        group.MapPost("/", StartAsync).WithName("StartBulkJob")
            .WithSummary("Start a bulk job: an import (the file as the body, ?kind=…), segment.tag or customers.export (a JSON body)")
            .Accepts<StartBulkJobRequest>("application/json", [.. BulkJobUpload.NdjsonTypes, BulkJobUpload.CsvType])
            .Produces<BulkJobResponse>(StatusCodes.Status202Accepted)
            .WithProblems(400, 404, 409, 413, 415)
            .WithMetadata(OutsideTurns.Instance);
        group.MapGet("/", ListAsync).WithName("ListBulkJobs").WithSummary("List bulk jobs, newest first").WithProblems(400);
        group.MapGet("/{id}", GetAsync).WithName("GetBulkJob").WithSummary("Get a bulk job: status, progress, timestamps, result").WithProblems(404);
        group.MapGet("/{id}/errors", ErrorsAsync).WithName("ListBulkJobErrors").WithSummary("The lines a job refused, by line number").WithProblems(400, 404);
        group.MapPost("/{id}/cancel", CancelAsync).WithName("CancelBulkJob")
            .WithSummary("Cancel a job: a queued one at once, a running one at its next chunk (what it applied stays)").WithProblems(404, 409);
        group.MapGet("/{id}/download", DownloadAsync).WithName("DownloadBulkJobOutput")
            .WithSummary("Download a succeeded export (NDJSON or CSV, as it was asked for)")
            .Produces(StatusCodes.Status200OK)
            .WithProblems(404, 409)
            .WithMetadata(OutsideTurns.Instance);
        return app;
    }

    private static async Task<IResult> StartAsync(
        HttpContext http, [FromQuery(Name = "kind")] string? kind, BulkJobUpload upload, BulkJobStarter starter, IOptions<JsonOptions> json, CancellationToken ct)
    {
        var mediaType = http.Request.ContentType?.Split(';')[0].Trim();
        BulkJob job;
        if (string.Equals(mediaType, "application/json", StringComparison.OrdinalIgnoreCase))
        {
            var request = await ReadJsonAsync(http, json.Value.SerializerOptions, ct);
            if (kind is not null && kind != request.Kind)
            {
                throw new ValidationFailedException("kind", "The kind in the query differs from the one in the body.");
            }

            job = await starter.StartAsync(request, ct);
        }
        else
        {
            if (!BulkJobKinds.IsKnown(kind) || !BulkJobKinds.IsImport(kind!))
            {
                throw new ValidationFailedException("kind", $"An upload names its kind in the query: ?kind= one of {string.Join(", ", BulkJobKinds.Imports)}.");
            }

            var (started, problem) = await upload.StartAsync(http, kind!, ct);
            if (problem is not null)
            {
                return problem;
            }

            job = started!;
        }

        var response = BulkJobResponse.From(job);
        return TypedResults.Accepted($"/v1/bulk-jobs/{response.Id}", response);
    }

    private static async Task<StartBulkJobRequest> ReadJsonAsync(HttpContext http, JsonSerializerOptions options, CancellationToken ct)
    {
        try
        {
            var request = await JsonSerializer.DeserializeAsync<StartBulkJobRequest>(http.Request.Body, options, ct)
                ?? throw new ValidationFailedException("body", "Send a JSON object.");
            // Read here rather than bound (the body may be a file), so the documented limits are checked here too.
            RequestLimitsFilter.Check(request);
            return request;
        }
        catch (JsonException e)
        {
            var (field, message) = JsonErrorMessages.Describe(e);
            throw new ValidationFailedException(field, message);
        }
    }

    private static async Task<Ok<ListResponse<BulkJobResponse>>> ListAsync([AsParameters] ListQuery query, BulkJobService service, Paging paging, CancellationToken ct)
    {
        var page = await service.ListAsync(paging.Request(List, query), ct);
        return TypedResults.Ok(paging.Response(List, page, j => j.Id, BulkJobResponse.From));
    }

    private static async Task<Ok<BulkJobResponse>> GetAsync(string id, BulkJobService service, CancellationToken ct) =>
        TypedResults.Ok(BulkJobResponse.From(await service.GetAsync(id, ct)));

    private static async Task<Ok<ListResponse<BulkJobErrorResponse>>> ErrorsAsync(
        string id, [AsParameters] ListQuery query, BulkJobService service, Paging paging, CancellationToken ct)
    {
        var page = await service.ErrorsAsync(id, paging.Request(ErrorList, query), ct);
        return TypedResults.Ok(paging.Response(ErrorList, page, e => e.Id, BulkJobErrorResponse.From));
    }

    private static async Task<Ok<BulkJobResponse>> CancelAsync(string id, BulkJobService service, CancellationToken ct) =>
        TypedResults.Ok(BulkJobResponse.From(await service.CancelAsync(id, ct)));

    private static async Task<IResult> DownloadAsync(string id, HttpContext http, BulkJobService service, CancellationToken ct)
    {
        var job = await service.GetAsync(id, ct);
        if (job.Kind != BulkJobKinds.CustomersExport)
        {
            throw new ConflictException("not_an_export", $"A {job.Kind} job has nothing to download.");
        }

        if (job.Status != BulkJobStatus.Succeeded)
        {
            throw new ConflictException("job_not_finished", $"The export is {job.Status}; its file is ready once it has succeeded.");
        }

        http.Response.ContentType = job.Format == "csv" ? StreamBodies.Csv + "; charset=utf-8" : StreamBodies.Ndjson;
        await foreach (var data in service.OutputAsync(job, ct))
        {
            await http.Response.Body.WriteAsync(data, ct);
        }

        return Results.Empty;
    }
}
