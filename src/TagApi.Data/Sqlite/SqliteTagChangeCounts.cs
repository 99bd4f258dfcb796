namespace TagApi.Data.Sqlite;

/// <summary>
/// The triggers that keep <c>TagDailyCounts</c> and <c>TagHourlyCounts</c> equal to the ledger on SQLite (row-level:
/// SQLite has no statement-level triggers; one writer at a time, so no lock ordering to mind). <c>At</c> is stored as
/// text <c>yyyy-MM-dd HH:mm:ss.FFFFFFF</c> (UTC), so its day and hour are its prefixes, in the format EF Core writes a
/// <see cref="DateOnly"/> and a whole-hour <see cref="DateTime"/>.
/// </summary>
public static class SqliteTagChangeCounts
{
    /// <summary>Fills the counts from the existing ledger, then creates the triggers.</summary>
    public static readonly string[] Create =
    [
        Backfill("TagDailyCounts", "Day", Day("\"At\"")),
        Backfill("TagHourlyCounts", "Hour", Hour("\"At\"")),
        Trigger("TagHistoryCountsInsert", "INSERT", "NEW", ""),
        Trigger("TagHistoryCountsDelete", "DELETE", "OLD", "-"),
    ];

    public static readonly string[] Drop =
    [
        "DROP TRIGGER IF EXISTS \"TagHistoryCountsInsert\"",
        "DROP TRIGGER IF EXISTS \"TagHistoryCountsDelete\"",
    ];

    private static string Day(string at) => $"substr({at}, 1, 10)";

    private static string Hour(string at) => $"substr({at}, 1, 13) || ':00:00'";

    private static string Backfill(string table, string bucket, string value) => $"""
        INSERT INTO "{table}" ("TenantId", "TagId", "{bucket}", "Added", "Removed")
        SELECT "TenantId", "TagId", {value}, sum("Action" = 'Added'), sum("Action" <> 'Added')
        FROM "TagHistory" GROUP BY 1, 2, 3
        """;

    private static string Trigger(string name, string operation, string row, string sign) => $"""
        CREATE TRIGGER "{name}" AFTER {operation} ON "TagHistory"
        BEGIN
            {Upsert("TagDailyCounts", "Day", Day($"{row}.\"At\""), row, sign)};
            {Upsert("TagHourlyCounts", "Hour", Hour($"{row}.\"At\""), row, sign)};
        END
        """;

    private static string Upsert(string table, string bucket, string value, string row, string sign) => $"""
        INSERT INTO "{table}" ("TenantId", "TagId", "{bucket}", "Added", "Removed")
        VALUES ({row}."TenantId", {row}."TagId", {value}, {sign}({row}."Action" = 'Added'), {sign}({row}."Action" <> 'Added'))
        ON CONFLICT ("TenantId", "TagId", "{bucket}") DO UPDATE SET "Added" = "Added" + excluded."Added", "Removed" = "Removed" + excluded."Removed"
        """;
}
