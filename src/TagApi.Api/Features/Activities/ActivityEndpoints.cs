using Microsoft.AspNetCore.Http.HttpResults;
using TagApi.Api.Common;
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
        write.MapPost("/", RecordAsync).WithName("RecordActivities")
            .WithSummary("Record one activity, or a batch of up to 1,000 with 'activities' (all or nothing; repeated externalIds are ignored)")
            .WithProblems(400);
        write.MapPost("/bulk", ActivityBulkImport.ImportAsync).WithName("ImportActivities")
            .WithSummary("Bulk import: newline-delimited JSON (application/x-ndjson), one activity per line, streamed; bad lines are reported and skipped")
            .Produces<ActivityImportResponse>()
            .WithProblems(415);
        return app;
    }

    private static async Task<Results<Created<ActivityResponse>, Ok<ActivityResponse>, Ok<RecordActivitiesResponse>>> RecordAsync(
        ActivityRequest request, ActivityService service, CancellationToken ct)
    {
        if (request.IsBatch && request.HasSingleMembers)
        {
            throw new ValidationFailedException("activities", "Send either one activity or a batch in 'activities', not both.");
        }

        if (request.Activities?.Any(a => a.IsBatch) == true)
        {
            throw new ValidationFailedException("activities", "A batch cannot contain another batch.");
        }

        var inputs = request.IsBatch ? request.Activities!.Select(a => a.ToInput()).ToList() : [request.ToInput()];
        var outcomes = await service.RecordAsync(inputs, ct);
        if (request.IsBatch)
        {
            var duplicates = outcomes.Count(o => o.Duplicate);
            return TypedResults.Ok(new RecordActivitiesResponse(outcomes.Count - duplicates, duplicates, outcomes.Select(ActivityResponse.From).ToList()));
        }

        var single = ActivityResponse.From(outcomes[0]);
        return single.Duplicate ? TypedResults.Ok(single) : TypedResults.Created((string?)null, single);
    }
}
