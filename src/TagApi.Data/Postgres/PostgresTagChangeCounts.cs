namespace TagApi.Data.Postgres;

/// <summary>
/// The triggers that keep <c>"TagDailyCounts"</c> and <c>"TagHourlyCounts"</c> equal to the ledger on PostgreSQL:
/// statement-level, over the statement's transition table, so a binary COPY of a million lines costs one grouped
/// upsert rather than a million. Keys are upserted in key order, so two transactions never lock the same rows in
/// opposite orders. Days and hours are UTC.
/// </summary>
public static class PostgresTagChangeCounts
{
    /// <summary>Fills the counts from the existing ledger (writers wait meanwhile), then creates the triggers.</summary>
    public static readonly string[] Create =
    [
        "LOCK TABLE \"TagHistory\" IN SHARE MODE",
        Upsert("\"TagHistory\"", ""),
        Function("tag_change_counts_add", "added_lines", ""),
        Function("tag_change_counts_subtract", "removed_lines", "-"),
        """
        CREATE FUNCTION tag_change_counts_clear() RETURNS trigger LANGUAGE plpgsql AS $body$
        BEGIN
            TRUNCATE "TagDailyCounts", "TagHourlyCounts";
            RETURN NULL;
        END
        $body$
        """,
        "CREATE TRIGGER \"TagHistoryCountsInsert\" AFTER INSERT ON \"TagHistory\" REFERENCING NEW TABLE AS added_lines FOR EACH STATEMENT EXECUTE FUNCTION tag_change_counts_add()",
        "CREATE TRIGGER \"TagHistoryCountsDelete\" AFTER DELETE ON \"TagHistory\" REFERENCING OLD TABLE AS removed_lines FOR EACH STATEMENT EXECUTE FUNCTION tag_change_counts_subtract()",
        "CREATE TRIGGER \"TagHistoryCountsTruncate\" AFTER TRUNCATE ON \"TagHistory\" FOR EACH STATEMENT EXECUTE FUNCTION tag_change_counts_clear()",
    ];

    public static readonly string[] Drop =
    [
        "DROP TRIGGER IF EXISTS \"TagHistoryCountsInsert\" ON \"TagHistory\"",
        "DROP TRIGGER IF EXISTS \"TagHistoryCountsDelete\" ON \"TagHistory\"",
        "DROP TRIGGER IF EXISTS \"TagHistoryCountsTruncate\" ON \"TagHistory\"",
        "DROP FUNCTION IF EXISTS tag_change_counts_add()",
        "DROP FUNCTION IF EXISTS tag_change_counts_subtract()",
        "DROP FUNCTION IF EXISTS tag_change_counts_clear()",
    ];

    private static string Function(string name, string lines, string sign) => $$"""
        CREATE FUNCTION {{name}}() RETURNS trigger LANGUAGE plpgsql AS $body$
        BEGIN
            {{Upsert(lines, sign)}};
            RETURN NULL;
        END
        $body$
        """;

    private static string Upsert(string lines, string sign) => $$"""
        INSERT INTO "TagDailyCounts" AS c ("TenantId", "TagId", "Day", "Added", "Removed")
        SELECT "TenantId", "TagId", ("At" AT TIME ZONE 'UTC')::date,
               {{sign}}count(*) FILTER (WHERE "Action" = 'Added'), {{sign}}count(*) FILTER (WHERE "Action" <> 'Added')
        FROM {{lines}} GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
        ON CONFLICT ("TenantId", "TagId", "Day") DO UPDATE SET "Added" = c."Added" + excluded."Added", "Removed" = c."Removed" + excluded."Removed";
        INSERT INTO "TagHourlyCounts" AS c ("TenantId", "TagId", "Hour", "Added", "Removed")
        SELECT "TenantId", "TagId", date_trunc('hour', "At", 'UTC'),
               {{sign}}count(*) FILTER (WHERE "Action" = 'Added'), {{sign}}count(*) FILTER (WHERE "Action" <> 'Added')
        FROM {{lines}} GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
        ON CONFLICT ("TenantId", "TagId", "Hour") DO UPDATE SET "Added" = c."Added" + excluded."Added", "Removed" = c."Removed" + excluded."Removed"
        """;
}
