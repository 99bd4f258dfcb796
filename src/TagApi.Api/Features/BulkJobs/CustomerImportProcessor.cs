using TagApi.Core.Activities;
using TagApi.Core.BulkJobs;
using TagApi.Core.Common;
using TagApi.Core.Customers;
using TagApi.Core.Data;

namespace TagApi.Api.Features.BulkJobs;

/// <summary>
/// <c>customers.import</c>: each line is a customer upsert by <c>externalId</c>, exactly as
/// <c>PUT /v1/customers/by-external-id/{externalId}</c> with that body (absent fields are cleared), through the same service,
/// so history, events, the index log and owed rules are those of single writes.
/// </summary>
public sealed class CustomerImportProcessor(TagApiDbContext db, CustomerService customers) : IBulkJobProcessor
{
    public string Kind => BulkJobKinds.CustomersImport;

    public async Task<ChunkOutcome> ProcessAsync(ChunkWork work, CancellationToken ct)
    {
        var outcome = new ChunkOutcome();
        foreach (var line in BulkLines.Read(work.Chunk))
        {
            outcome.Done++;
            if (LineChecks.Bind<CustomerInput>(outcome, work, line) is not { } input)
            {
                continue;
            }

            if (!input.ExternalId.IsSet || string.IsNullOrEmpty(input.ExternalId.Value))
            {
                outcome.Errors.Add(new ImportLineError(line.Number, "validation_failed", "externalId: Each line names its customer by externalId."));
                continue;
            }

            try
            {
                var (_, created) = await customers.UpsertAsync(input.ExternalId.Value, input, ct);
                outcome.Count(created ? "created" : "updated");
            }
            catch (TagApiException e)
            {
                outcome.Refuse(line.Number, e);
            }

            // Each line is its own save; what it tracked is done with.
            db.ChangeTracker.Clear();
        }

        return outcome;
    }
}
