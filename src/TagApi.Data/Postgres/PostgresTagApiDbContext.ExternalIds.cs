using Npgsql;

namespace TagApi.Data.Postgres;

/// <summary>
/// Look-ups of many external ids at once, each a probe of the tenant's unique (tenant, external id) index in one round
/// trip. The LATERAL subquery with its LIMIT is planned on its own, where that index is the only sensible path; the
/// plain <c>"ExternalId" = ANY($2)</c> these replace got, while an import filled a table that had no statistics yet, a
/// cached generic plan that read every row of the tenant for each chunk — each chunk slower than the one before (an
/// activities import of 200,000 lines into a fresh database spent four fifths of its time in that one statement).
/// </summary>
public sealed partial class PostgresTagApiDbContext
{
    protected override Task<Dictionary<string, long>> ReadCustomerIdsByExternalIdAsync(IReadOnlyList<string> externalIds, CancellationToken ct) =>
        ProbeExternalIdsAsync(
            """
            SELECT c."ExternalId", c."Id" FROM unnest($2) AS x(external_id)
            CROSS JOIN LATERAL (SELECT "ExternalId", "Id" FROM "Customers" WHERE "TenantId" = $1 AND "ExternalId" = x.external_id LIMIT 1) AS c
            """,
            externalIds,
            reader => reader.GetInt64(1),
            ct);

    protected override Task<Dictionary<string, (long Id, long CustomerId)>> ReadActivitiesByExternalIdAsync(IReadOnlyList<string> externalIds, CancellationToken ct) =>
        ProbeExternalIdsAsync(
            """
            SELECT a."ExternalId", a."Id", a."CustomerId" FROM unnest($2) AS x(external_id)
            CROSS JOIN LATERAL (SELECT "ExternalId", "Id", "CustomerId" FROM "Activities" WHERE "TenantId" = $1 AND "ExternalId" = x.external_id LIMIT 1) AS a
            """,
            externalIds,
            reader => (reader.GetInt64(1), reader.GetInt64(2)),
            ct);

    // The statement takes the tenant as $1 and the ids as $2 and answers the external id first.
    private Task<Dictionary<string, T>> ProbeExternalIdsAsync<T>(
        string sql, IReadOnlyList<string> externalIds, Func<NpgsqlDataReader, T> readValue, CancellationToken ct) =>
        OnConnectionAsync(async connection =>
        {
            await using var command = new NpgsqlCommand(sql, connection);
            command.Parameters.Add(TenantParameter());
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. externalIds.Distinct(StringComparer.Ordinal)] });
            var found = new Dictionary<string, T>(externalIds.Count, StringComparer.Ordinal);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                found[reader.GetString(0)] = readValue(reader);
            }

            return found;
        }, ct);
}
