using Microsoft.Extensions.Options;
using TagApi.Api.Common;
using TagApi.Api.Features.BulkJobs;
using TagApi.Core.Activities;
using TagApi.Core.BulkJobs;
using TagApi.Core.Common;

namespace TagApi.Api.Features.Activities;

/// <summary>The outcome of a bulk import.</summary>
/// <param name="Lines">Non-blank lines read.</param>
/// <param name="Recorded">Activities stored.</param>
/// <param name="Duplicates">Lines ignored because their externalId was recorded before.</param>
/// <param name="Rejected">Lines refused (see errors).</param>
/// <param name="Errors">The first 100 refused lines with their reasons (all of them: <c>GET /v1/bulk-jobs/{job}/errors</c>).</param>
/// <param name="Job">The <c>activities.import</c> bulk job the import ran as.</param>
public sealed record ActivityImportResponse(long Lines, long Recorded, long Duplicates, long Rejected, IReadOnlyList<ImportLineError> Errors, string? Job = null);

/// <summary>
/// <c>POST /v1/activities/bulk</c>: an alias of an <c>activities.import</c> bulk job that answers with the outcome. The
/// NDJSON body is stored as the job's upload (streamed, so memory stays flat however large it is), and the job is run
/// within the request; the answer is its counts and first refused lines. Re-sending an upload is safe when lines carry
/// externalIds. Should the job not finish within the request (cancelled meanwhile, or resumed by a worker after the claim
/// lapsed) the answer is a 409 <c>job_not_finished</c> naming the job to follow; a failed job is a 500.
/// </summary>
public static class ActivityBulkImport
{
    public const int MaxReportedErrors = ActivityLimits.MaxReportedImportErrors;

    public static async Task<IResult> ImportAsync(
        HttpContext context, BulkJobInRequest jobs, BulkJobService service, IOptions<ActivityOptions> activities, CancellationToken ct)
    {
        var mediaType = context.Request.ContentType?.Split(';')[0].Trim();
        if (mediaType is null || !BulkJobUpload.NdjsonTypes.Contains(mediaType, StringComparer.OrdinalIgnoreCase))
        {
            return Results.Problem(ProblemResults.Create(context, 415, "unsupported_media_type", "Unsupported media type",
                "Send newline-delimited JSON as application/x-ndjson, one activity per line."));
        }

        var (job, problem) = await jobs.RunAsync(context, BulkJobKinds.ActivitiesImport, activities.Value.BulkMaxBytes, ct);
        if (job is null)
        {
            return problem!;
        }

        var response = BulkJobResponse.From(job);
        if (job.Status == BulkJobStatus.Failed)
        {
            throw new InvalidOperationException($"The import's job {response.Id} failed: {job.Failure}");
        }

        if (job.Status != BulkJobStatus.Succeeded)
        {
            throw new ConflictException("job_not_finished",
                $"The import's job {response.Id} is {job.Status}: follow it at /v1/bulk-jobs/{response.Id} (what it applied stays).");
        }

        var errors = await service.FirstErrorsAsync(job, MaxReportedErrors, ct);
        return TypedResults.Ok(new ActivityImportResponse(
            job.Processed, response.Result?.Recorded ?? 0, response.Result?.Duplicates ?? 0, job.Errors,
            [.. errors.Select(e => new ImportLineError(e.Line, e.Code, e.Message))], response.Id));
    }
}
