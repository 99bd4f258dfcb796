using TagApi.Api.Features.Activities;
using TagApi.Core.Activities;
using TagApi.Core.BulkJobs;
using TagApi.Core.Customers;

namespace TagApi.Api.Features.BulkJobs;

/// <summary>
/// <c>activities.import</c>: each line is one activity as <c>POST /v1/activities</c> takes it; the chunk goes through the
/// bulk importer (binary COPY on PostgreSQL), and a line whose externalId was recorded before changes nothing.
/// </summary>
public sealed class ActivityImportProcessor(ActivityImporter importer) : IBulkJobProcessor
{
    public string Kind => BulkJobKinds.ActivitiesImport;

    public IReadOnlyList<Type> LookupTables { get; } = [typeof(Customer), typeof(Activity)];

    public async Task<ChunkOutcome> ProcessAsync(ChunkWork work, CancellationToken ct)
    {
        var outcome = new ChunkOutcome();
        var inputs = new List<(long, ActivityInput)>();
        foreach (var line in BulkLines.Read(work.Chunk))
        {
            outcome.Done++;
            if (LineChecks.Bind<ActivityRequest>(outcome, work, line) is not { } request)
            {
                continue;
            }

            if (request.IsBatch)
            {
                outcome.Errors.Add(new ImportLineError(line.Number, "validation_failed", "Each line is one activity object."));
                continue;
            }

            inputs.Add((line.Number, request.ToInput()));
        }

        if (inputs.Count > 0)
        {
            var result = await importer.ImportChunkAsync(inputs, ct);
            outcome.Errors.AddRange(result.Errors);
            outcome.Count("recorded", result.Recorded);
            outcome.Count("duplicates", result.Duplicates);
        }

        return outcome;
    }
}
