using TagApi.Core.BulkJobs;
using TagApi.Core.Customers;
using TagApi.Core.Data;

namespace TagApi.Api.Features.BulkJobs;

/// <summary>
/// <c>customers.import</c>: each line is a customer upsert by <c>externalId</c>, exactly as
/// <c>PUT /v1/customers/by-external-id/{externalId}</c> with that body (absent fields are cleared), through the same
/// service — the chunk in one save — so history, events, the index log and owed rules are those of single writes.
/// </summary>
public sealed class CustomerImportProcessor(TagApiDbContext db, CustomerService customers) : IBulkJobProcessor
{
    public string Kind => BulkJobKinds.CustomersImport;

    public IReadOnlyList<Type> LookupTables { get; } = [typeof(Customer)];

    public async Task<ChunkOutcome> ProcessAsync(ChunkWork work, CancellationToken ct)
    {
        var outcome = new ChunkOutcome();
        var lines = new List<long>();
        var inputs = new List<CustomerInput>();
        foreach (var line in BulkLines.Read(work.Chunk))
        {
            outcome.Done++;
            if ((CustomerLines.TryBind(work.Job, line) ?? LineChecks.Bind<CustomerInput>(outcome, work, line)) is { } input)
            {
                lines.Add(line.Number);
                inputs.Add(input);
            }
        }

        if (inputs.Count > 0)
        {
            var result = await customers.UpsertManyAsync(inputs, ct);
            db.ChangeTracker.Clear();
            foreach (var (index, error) in result.Refused.OrderBy(r => r.Key))
            {
                outcome.Refuse(lines[index], error);
            }

            outcome.Count("created", result.Created);
            outcome.Count("updated", result.Updated);
        }

        outcome.Errors.Sort((a, b) => a.Line.CompareTo(b.Line));
        return outcome;
    }
}
