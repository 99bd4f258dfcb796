using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TagApi.Api.Features.Customers;
using TagApi.Core.BulkJobs;
using TagApi.Core.Data;

namespace TagApi.Api.Features.BulkJobs;

/// <summary>The parameters of a customers.export job, as stored with it.</summary>
/// <param name="Segment">The saved segment (id or key) whose members are exported; null for everyone (or a query).</param>
/// <param name="Query">An ad-hoc query whose matches are exported.</param>
public sealed record CustomerExportParameters(string? Segment = null, string? Query = null);

/// <summary>
/// <c>customers.export</c>: writes a chunk of the customers taken when the job started as output lines — each the
/// customer as <c>GET /v1/customers/{id}</c> shows it (personal data only when the starter held <c>customers:pii</c>),
/// NDJSON, or CSV with <see cref="Columns"/>. Customers deleted since the start are left out.
/// </summary>
public sealed class CustomerExportProcessor(TagApiDbContext db, CustomerResponseMapper mapper) : IBulkJobProcessor
{
    public static readonly string[] Columns =
        ["id", "externalId", "type", "name", "email", "phone", "gender", "birthDate", "country", "region", "city", "industry", "source", "sourceDetail", "locale", "tags"];

    public string Kind => BulkJobKinds.CustomersExport;

    public IReadOnlyList<Type> LookupTables { get; } = [];

    public async Task<ChunkOutcome> ProcessAsync(ChunkWork work, CancellationToken ct)
    {
        var ids = MemberChunks.Unpack(work.Chunk);
        var customers = await db.Customers.AsNoTracking().Where(c => ids.Contains(c.Id)).OrderBy(c => c.Id).ToListAsync(ct);
        var responses = await mapper.ManyAsync(customers, ct);
        var text = new StringBuilder();
        if (work.Job.Format == "csv" && work.Chunk.Sequence == 0)
        {
            text.Append(string.Join(',', Columns)).Append('\n');
        }

        foreach (var customer in responses)
        {
            text.Append(work.Job.Format == "csv" ? CsvLine(customer, work.Json) : JsonSerializer.Serialize(customer, work.Json)).Append('\n');
        }

        var outcome = new ChunkOutcome { Done = ids.Length, Output = Encoding.UTF8.GetBytes(text.ToString()) };
        outcome.Count("exported", responses.Count);
        return outcome;
    }

    private static string CsvLine(CustomerResponse c, JsonSerializerOptions json)
    {
        string?[] cells =
        [
            c.Id, c.ExternalId, Enum(c.Type, json), c.Name, c.Email, c.Phone, c.Gender, c.BirthDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            c.Country, c.Region, c.City, c.Industry, c.Source is { } s ? Enum(s, json) : null, c.SourceDetail, c.Locale, string.Join(' ', c.Tags),
        ];
        return string.Join(',', cells.Select(Csv));
    }

    private static string Enum<T>(T value, JsonSerializerOptions json) => JsonSerializer.Serialize(value, json).Trim('"');

    private static string Csv(string? value) =>
        value is null ? string.Empty : value.AsSpan().IndexOfAny("\",\n\r") >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
}
