using System.Globalization;

namespace TagApi.Bench.Analytics;

/// <summary>
/// The SQL an analyst would write for W10's three questions, on TagApi's own tables (PostgreSQL) or on the same
/// tables loaded into DuckDB: a GROUP BY over the assignments (and the ledger's last 30 days), a self-join for the
/// overlap, and <c>generate_series</c> with a running sum over the ledger for the trend. Only the time literals and
/// the day of a timestamp are spelled per engine (PostgreSQL keeps <c>timestamptz</c>, DuckDB a UTC <c>timestamp</c>).
/// </summary>
public sealed class AnalyticsSql(long tenantId, bool duckDb)
{
    public string Customers => $"""SELECT count(*) FROM "Customers" WHERE "TenantId" = {tenantId}""";

    public string Tags(DateTime since) => $"""
        SELECT t."Key", CAST(coalesce(a.holders, 0) AS BIGINT), CAST(coalesce(a.by_rule, 0) AS BIGINT),
               CAST(coalesce(h.added, 0) AS BIGINT), CAST(coalesce(h.removed, 0) AS BIGINT)
        FROM "Tags" t
        LEFT JOIN (SELECT "TagId", count(*) AS holders, count(*) FILTER (WHERE "Source" = 'Rule') AS by_rule
                   FROM "TagAssignments" WHERE "TenantId" = {tenantId} GROUP BY "TagId") a ON a."TagId" = t."Id"
        LEFT JOIN (SELECT "TagId", count(*) FILTER (WHERE "Action" = 'Added') AS added, count(*) FILTER (WHERE "Action" <> 'Added') AS removed
                   FROM "TagHistory" WHERE "TenantId" = {tenantId} AND "At" > {Time(since)} GROUP BY "TagId") h ON h."TagId" = t."Id"
        WHERE t."TenantId" = {tenantId}
        """;

    public string Coverage => $"""
        SELECT c."Key", CAST(count(DISTINCT a."CustomerId") AS BIGINT)
        FROM "TagCategories" c
        LEFT JOIN "Tags" t ON t."CategoryId" = c."Id"
        LEFT JOIN "TagAssignments" a ON a."TagId" = t."Id" AND a."TenantId" = {tenantId}
        WHERE c."TenantId" = {tenantId}
        GROUP BY c."Key"
        """;

    /// <summary>The upper triangle (a ≤ b) of the pair counts; the diagonal is each tag's holders.</summary>
    public string Overlap(IReadOnlyCollection<long> tagIds)
    {
        var list = string.Join(", ", tagIds);
        return $"""
            SELECT a."TagId", b."TagId", CAST(count(*) AS BIGINT)
            FROM "TagAssignments" a
            JOIN "TagAssignments" b ON b."CustomerId" = a."CustomerId" AND b."TenantId" = a."TenantId"
            WHERE a."TenantId" = {tenantId} AND a."TagId" IN ({list}) AND b."TagId" IN ({list}) AND a."TagId" <= b."TagId"
            GROUP BY a."TagId", b."TagId"
            """;
    }

    /// <summary>Per UTC day in [from, to): added, removed, and holders at the day's end (the ledger's running sum).</summary>
    public string Trend(long tagId, DateTime from, DateTime to) => $"""
        WITH daily AS (
            SELECT {Day("\"At\"")} AS day, count(*) FILTER (WHERE "Action" = 'Added') AS added, count(*) FILTER (WHERE "Action" <> 'Added') AS removed
            FROM "TagHistory"
            WHERE "TenantId" = {tenantId} AND "TagId" = {tagId} AND "At" >= {Time(from)} AND "At" < {Time(to)}
            GROUP BY 1),
        base AS (
            SELECT coalesce(sum(CASE WHEN "Action" = 'Added' THEN 1 ELSE -1 END), 0) AS holders
            FROM "TagHistory" WHERE "TenantId" = {tenantId} AND "TagId" = {tagId} AND "At" < {Time(from)})
        SELECT g.day, CAST(coalesce(d.added, 0) AS BIGINT), CAST(coalesce(d.removed, 0) AS BIGINT),
               CAST(base.holders + sum(coalesce(d.added, 0) - coalesce(d.removed, 0)) OVER (ORDER BY g.day) AS BIGINT)
        FROM generate_series({Plain(from)}, {Plain(to)} - INTERVAL '1 day', INTERVAL '1 day') AS g(day)
        LEFT JOIN daily d ON d.day = g.day
        CROSS JOIN base
        ORDER BY g.day
        """;

    // A moment compared with "At": PostgreSQL's column is timestamptz, DuckDB's a UTC timestamp.
    private string Time(DateTime utc) => duckDb ? Plain(utc) : $"TIMESTAMPTZ '{Text(utc)}+00'";

    private static string Plain(DateTime utc) => $"TIMESTAMP '{Text(utc)}'";

    private string Day(string column) => duckDb ? $"date_trunc('day', {column})" : $"date_trunc('day', {column} AT TIME ZONE 'UTC')";

    private static string Text(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture);
}
