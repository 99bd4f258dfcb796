namespace TagApi.Data.Postgres;

/// <summary>
/// The triggers that keep <c>"TagDailyCounts"</c> and <c>"TagHourlyCounts"</c> equal to the ledger on PostgreSQL:
/// statement-level, over the statement's transition table, so a binary COPY of a million lines costs one grouped
/// upsert rather than a million. Keys are upserted in key order, so two transactions never lock the same rows in
/// opposite orders. Days and hours are UTC.
/// </summary>
public static class PostgresTagChangeCounts
{
    /// <summary>
    /// The transaction-local setting under which a ledger insert is counted at commit rather than at once
    /// (<see cref="CountAtCommit"/>).
    /// </summary>
    public const string AtCommitSetting = "tagapi.tag_counts_at_commit";
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

    /// <summary>
    /// Counting a single write's ledger lines when its transaction commits instead of when they are inserted. A count row
    /// is locked from the upsert to the commit; counted at insert, every writer of one tag holds that tag's day and hour
    /// rows across the round trip of its <c>COMMIT</c>, so writers of one tag (a campaign tagging many customers) queue
    /// on it. Counted by a deferred row trigger, the lock is taken inside the commit itself. Only lines inserted while
    /// <see cref="AtCommitSetting"/> is <c>on</c> are counted so — a single write's few lines of one tag, whose day row
    /// is locked before its hour row, as the statement trigger locks all days (in key order) before all hours; every
    /// other insert (imports, many tags at once) keeps the statement trigger's grouped upsert.
    /// </summary>
    public static readonly string[] CountAtCommit =
    [
        "DROP TRIGGER \"TagHistoryCountsInsert\" ON \"TagHistory\"",
        $"CREATE TRIGGER \"TagHistoryCountsInsert\" AFTER INSERT ON \"TagHistory\" REFERENCING NEW TABLE AS added_lines FOR EACH STATEMENT WHEN (current_setting('{AtCommitSetting}', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION tag_change_counts_add()",
        """
        CREATE FUNCTION tag_change_counts_add_line() RETURNS trigger LANGUAGE plpgsql AS $body$
        BEGIN
            INSERT INTO "TagDailyCounts" AS c ("TenantId", "TagId", "Day", "Added", "Removed")
            VALUES (NEW."TenantId", NEW."TagId", (NEW."At" AT TIME ZONE 'UTC')::date,
                    CASE WHEN NEW."Action" = 'Added' THEN 1 ELSE 0 END, CASE WHEN NEW."Action" = 'Added' THEN 0 ELSE 1 END)
            ON CONFLICT ("TenantId", "TagId", "Day") DO UPDATE SET "Added" = c."Added" + excluded."Added", "Removed" = c."Removed" + excluded."Removed";
            INSERT INTO "TagHourlyCounts" AS c ("TenantId", "TagId", "Hour", "Added", "Removed")
            VALUES (NEW."TenantId", NEW."TagId", date_trunc('hour', NEW."At", 'UTC'),
                    CASE WHEN NEW."Action" = 'Added' THEN 1 ELSE 0 END, CASE WHEN NEW."Action" = 'Added' THEN 0 ELSE 1 END)
            ON CONFLICT ("TenantId", "TagId", "Hour") DO UPDATE SET "Added" = c."Added" + excluded."Added", "Removed" = c."Removed" + excluded."Removed";
            RETURN NULL;
        END
        $body$
        """,
        $"CREATE CONSTRAINT TRIGGER \"TagHistoryCountsAtCommit\" AFTER INSERT ON \"TagHistory\" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (current_setting('{AtCommitSetting}', true) = 'on') EXECUTE FUNCTION tag_change_counts_add_line()",
    ];

    /// <summary>Undoes <see cref="CountAtCommit"/>: every ledger insert counted by the statement trigger again.</summary>
    public static readonly string[] CountAtInsert =
    [
        "DROP TRIGGER IF EXISTS \"TagHistoryCountsAtCommit\" ON \"TagHistory\"",
        "DROP FUNCTION IF EXISTS tag_change_counts_add_line()",
        "DROP TRIGGER \"TagHistoryCountsInsert\" ON \"TagHistory\"",
        "CREATE TRIGGER \"TagHistoryCountsInsert\" AFTER INSERT ON \"TagHistory\" REFERENCING NEW TABLE AS added_lines FOR EACH STATEMENT EXECUTE FUNCTION tag_change_counts_add()",
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
