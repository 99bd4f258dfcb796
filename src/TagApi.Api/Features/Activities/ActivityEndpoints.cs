using Microsoft.AspNetCore.Http.HttpResults;
using TagApi.Api.Common;
using TagApi.Api.Fairness;
using TagApi.Core.Activities;
using TagApi.Core.Common;
using TagApi.Core.Tenancy;

namespace TagApi.Api.Features.Activities;

/// <summary>REST endpoints for behaviour ingestion: single and batch activities, and the NDJSON bulk import.</summary>
public static class ActivityEndpoints
{
    public static IEndpointRouteBuilder MapActivityEndpoints(this IEndpointRouteBuilder app)
    {
        var write = app.MapResourceGroup("/v1/activities", "Activities", Scopes.ActivitiesWrite);
        write.MapPost("/", RecordAsync).WithName("RecordActivity")
            .WithSummary("Record one activity")
            .WithDescription("Records one activity: 201 when it is new, 200 when its externalId was recorded before (nothing changes, so retries are safe). "
                + "For compatibility this path also takes the batch form `{ \"activities\": [...] }` and then answers like `POST /v1/activities/batch`; new code should call that.")
            .Accepts<ActivityItemRequest>("application/json")
            .Produces<ActivityResponse>(StatusCodes.Status201Created)
            .Produces<ActivityResponse>()
            .WithProblems(400);
        write.MapPost("/batch", RecordBatchAsync).WithName("RecordActivities")
            .WithSummary("Record up to 1,000 activities, all or nothing")
            .WithDescription("Records a batch in one transaction; every bad item is listed and nothing is applied. "
                + "An item whose externalId was recorded before is reported as a duplicate and changes nothing.")
            .WithProblems(400);
        write.MapPost("/bulk", ActivityBulkImport.ImportAsync).WithName("ImportActivities")
            .WithSummary("Bulk import: newline-delimited JSON (application/x-ndjson), one activity per line, streamed; bad lines are reported and skipped")
            .WithDescription("An alias of an `activities.import` bulk job (`POST /v1/bulk-jobs?kind=activities.import`) that runs the job within the request "
                + "and answers with its counts, its first refused lines and the job's id. Should the job not finish within the request (cancelled "
                + "meanwhile, or resumed by a worker after its claim lapsed) the answer is a 409 `job_not_finished` naming the job to follow.")
            .Produces<ActivityImportResponse>()
            .WithProblems(413, 415)
            .WithMetadata(OutsideTurns.Instance);
        return app;
    }

    private static Task<Ok<RecordActivitiesResponse>> RecordBatchAsync(RecordActivitiesRequest request, ActivityService service, CancellationToken ct) =>
        RecordManyAsync(request.Activities.Select(a => a.ToInput()).ToList(), service, ct);

    private static async Task<Ok<RecordActivitiesResponse>> RecordManyAsync(List<ActivityInput> inputs, ActivityService service, CancellationToken ct)
    {
        var outcomes = await service.RecordAsync(inputs, ct);
        var duplicates = outcomes.Count(o => o.Duplicate);
        return TypedResults.Ok(new RecordActivitiesResponse(outcomes.Count - duplicates, duplicates, outcomes.Select(ActivityResponse.From).ToList()));
    }

    // Typed as IResult so the document shows the single form's two answers only; the batch form's is documented on /batch.
    private static async Task<IResult> RecordAsync(ActivityRequest request, ActivityService service, CancellationToken ct)
    {
        if (request.IsBatch && request.HasSingleMembers)
        {
            throw new ValidationFailedException("activities", "Send either one activity or a batch in 'activities', not both.");
        }

        if (request.Activities?.Any(a => a.IsBatch) == true)
        {
            throw new ValidationFailedException("activities", "A batch cannot contain another batch.");
        }

        if (request.IsBatch)
        {
            return await RecordManyAsync(request.Activities!.Select(a => a.ToInput()).ToList(), service, ct);
        }

        var outcomes = await service.RecordAsync([request.ToInput()], ct);
        var single = ActivityResponse.From(outcomes[0]);
        return single.Duplicate ? TypedResults.Ok(single) : TypedResults.Created((string?)null, single);
    }
}
