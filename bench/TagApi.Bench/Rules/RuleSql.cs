using System.Globalization;

namespace TagApi.Bench.Rules;

/// <summary>
/// The peer: each W5 rule as hand-written set-based SQL — the wanted customers by GROUP BY … HAVING,
/// inserted into the tag's assignments, stale holders deleted — returning how many customers match.
/// With <c>only</c>, the same restricted to the customers that just changed (the incremental peer).
/// </summary>
public static class RuleSql
{
    public static string Apply(string rule, long tenantId, long tagId, DateTime now, string? only = null)
    {
        var restrict = only is null ? "" : $" AND \"CustomerId\" IN ({only})";
        var want = rule switch
        {
            "highly_active" => $"SELECT \"CustomerId\" FROM \"Activities\" WHERE \"TenantId\" = {tenantId} AND \"Type\" = 'interaction' AND \"OccurredAt\" > {Time(now.AddDays(-30))}{restrict} GROUP BY \"CustomerId\" HAVING COUNT(*) >= 3",
            "high_value" => $"SELECT \"CustomerId\" FROM \"Activities\" WHERE \"TenantId\" = {tenantId} AND \"Type\" = 'purchase' AND \"OccurredAt\" > {Time(now.AddDays(-365))}{restrict} GROUP BY \"CustomerId\" HAVING SUM(\"Amount\") > 10000",
            "churn_risk" => $"SELECT p.\"CustomerId\" FROM (SELECT \"CustomerId\", MAX(\"OccurredAt\") AS last FROM \"Activities\" WHERE \"TenantId\" = {tenantId} AND \"Type\" = 'purchase'{restrict} GROUP BY \"CustomerId\") p JOIN \"Customers\" c ON c.\"Id\" = p.\"CustomerId\" WHERE p.last <= {Time(now.AddDays(-91))} AND c.\"OrderCount\" > 0",
            _ => throw new ArgumentException(rule),
        };
        var staleScope = only is null ? "" : $" AND a.\"CustomerId\" IN ({only})";
        return $"""
            WITH want AS ({want}),
            ins AS (INSERT INTO "TagAssignments" ("CustomerId", "TagId", "TenantId", "Source", "SourceRef", "AssignedAt")
                    SELECT w."CustomerId", {tagId}, {tenantId}, 'Rule', 'sql', now() FROM want w ON CONFLICT DO NOTHING RETURNING 1),
            del AS (DELETE FROM "TagAssignments" a WHERE a."TenantId" = {tenantId} AND a."TagId" = {tagId}{staleScope}
                    AND NOT EXISTS (SELECT 1 FROM want w WHERE w."CustomerId" = a."CustomerId") RETURNING 1)
            SELECT (SELECT count(*) FROM want) + 0 * ((SELECT count(*) FROM ins) + (SELECT count(*) FROM del))
            """;
    }

    private static string Time(DateTime utc) => $"'{utc.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture)}+00'::timestamptz";
}
