using GraphQL;
using GraphQL.Types;
using TagApi.Api.GraphQL;
using TagApi.Core.BulkJobs;
using static TagApi.Api.GraphQL.Payloads;

namespace TagApi.Api.Features.BulkJobs;

/// <summary>
/// Root GraphQL fields of bulk jobs, over the same services as REST. Imports take a file and are started over REST only;
/// <c>startBulkJob</c> starts segment.tag and customers.export. A field takes any scope of a kind; each job needs its own.
/// </summary>
public static class BulkJobGraphQL
{
    private const string List = "bulk-jobs";

    public static void AddQueries(ObjectGraphType query)
    {
        query.Field<BulkJobGraphType>("bulkJob").Description("A bulk job by id; null when there is none in your tenant.")
            .Argument<NonNullGraphType<IdGraphType>>("id", "Job id (job_…).")
            .RequireAnyScope(BulkJobKinds.Scopes)
            .ResolveAsync(c => Resolve.OrNullAsync(() => c.Service<BulkJobService>().GetAsync(c.GetArgument<string>("id"), c.CancellationToken)));
        query.ConnectionField<BulkJobGraphType, object?>("bulkJobs", "Bulk jobs of the kinds your scopes cover, newest first.")
            .RequireAnyScope(BulkJobKinds.Scopes)
            .ResolveAsync(async c => Connections.From(c, List, await c.Service<BulkJobService>().ListAsync(Connections.PageOf(c, List), c.CancellationToken), j => j.Id));
    }

    public static void AddMutations(ObjectGraphType mutation)
    {
        var payload = Type("BulkJobPayload", "The job.", ("bulkJob", typeof(BulkJobGraphType), "The job; null when the request failed."));
        mutation.AddMutation("startBulkJob", "Start a segment.tag or customers.export job; it runs in the background (poll bulkJob).",
            string.Join(' ', BulkJobKinds.ScopeOf(BulkJobKinds.SegmentTag), BulkJobKinds.ScopeOf(BulkJobKinds.CustomersExport)), payload,
            Args(Arg<NonNullGraphType<StartBulkJobInputGraphType>>("input", "What to do.")),
            async c => new Payload { ["bulkJob"] = await c.Service<BulkJobStarter>().StartAsync(StartBulkJobInputGraphType.Read(c), c.CancellationToken) });
        mutation.AddMutation("cancelBulkJob", "Cancel a job: a queued one at once, a running one at its next chunk.", string.Join(' ', BulkJobKinds.Scopes), payload,
            Args(Arg<NonNullGraphType<IdGraphType>>("id", "Job id (job_…).")),
            async c => new Payload { ["bulkJob"] = await c.Service<BulkJobService>().CancelAsync(c.GetArgument<string>("id"), c.CancellationToken) });
    }
}

/// <summary>GraphQL <c>BulkJob</c>: the REST representation's fields.</summary>
public sealed class BulkJobGraphType : ObjectGraphType<BulkJob>
{
    public BulkJobGraphType()
    {
        Name = "BulkJob";
        Description = "A bulk job: what it is, where it stands, and what it did.";
        Field<NonNullGraphType<IdGraphType>>("id").Description("Job id (job_…).").Resolve(c => BulkJobResponse.From(c.Source).Id);
        Field(j => j.Kind).Description("customers.import, tag-assignments.import, activities.import, segment.tag or customers.export.");
        Field(j => j.Status).Description("queued, running, succeeded, failed or cancelled.");
        Field(j => j.Format, nullable: true).Description("ndjson or csv.");
        Field(j => j.Processed).Description("Lines (or members) done so far.");
        Field(j => j.Total, nullable: true).Description("Lines (or members) in the job.");
        Field(j => j.Errors).Description("Lines refused so far.");
        Field(j => j.CancelRequested).Description("True once a cancel was asked for.");
        Field<JsonGraphType>("result").Description("Counts of what the job did (created, updated, added, removed, recorded…).")
            .Resolve(c => c.Source.Result is null ? null : System.Text.Json.Nodes.JsonNode.Parse(c.Source.Result));
        Field(j => j.Failure, nullable: true).Description("Why the job failed.");
        Field<StringGraphType>("download").Description("For a succeeded export: the REST path to download it.").Resolve(c => BulkJobResponse.From(c.Source).Download);
        Field<NonNullGraphType<UtcDateTimeGraphType>>("createdAt").Description("When the job was started (UTC).").Resolve(c => c.Source.CreatedAt);
        Field<UtcDateTimeGraphType>("startedAt").Description("When a worker began it (UTC).").Resolve(c => c.Source.StartedAt);
        Field<UtcDateTimeGraphType>("finishedAt").Description("When it ended (UTC).").Resolve(c => c.Source.FinishedAt);
    }
}

/// <summary>GraphQL <c>StartBulkJobInput</c>.</summary>
public sealed class StartBulkJobInputGraphType : InputObjectGraphType
{
    public StartBulkJobInputGraphType()
    {
        Name = "StartBulkJobInput";
        Description = "segment.tag (segment or query, tag, op) or customers.export (optionally segment or query; format).";
        Field<NonNullGraphType<StringGraphType>>("kind").Description("segment.tag or customers.export.");
        Field<StringGraphType>("segment").Description("A saved segment, by id or key: its members as of the start.");
        Field<StringGraphType>("query").Description("An ad-hoc segment query: its matches as of the start.");
        Field<StringGraphType>("tag").Description("segment.tag: the tag, by id or key.");
        Field<StringGraphType>("op").Description("segment.tag: add or remove.");
        Field<StringGraphType>("format").Description("customers.export: ndjson (default) or csv.");
    }

    public static StartBulkJobRequest Read(IResolveFieldContext context)
    {
        var input = new InputFields(context.GetArgument<Dictionary<string, object?>>("input"));
        return new StartBulkJobRequest(input.Get<string>("kind")!, input.Get<string>("segment"), input.Get<string>("query"),
            input.Get<string>("tag"), input.Get<string>("op"), input.Get<string>("format"));
    }
}
