namespace TagApi.Data.SqlServer;

/// <summary>
/// The triggers that keep <c>TagDailyCounts</c> and <c>TagHourlyCounts</c> equal to the ledger on SQL Server:
/// statement-level over <c>inserted</c> / <c>deleted</c> (cascaded deletes fire them too), merged under HOLDLOCK so two
/// writers of a new day cannot both insert it. <c>At</c> is UTC.
/// </summary>
public static class SqlServerTagChangeCounts
{
    private const string DayOf = "CAST([At] AS date)";
    private const string HourOf = "DATEADD(hour, DATEPART(hour, [At]), CAST(CAST([At] AS date) AS datetime2))";

    /// <summary>Fills the counts from the existing ledger (writers wait meanwhile), then creates the triggers.</summary>
    public static readonly string[] Create =
    [
        Backfill("TagDailyCounts", "Day", DayOf),
        Backfill("TagHourlyCounts", "Hour", HourOf),
        Trigger("TagHistoryCountsInsert", "INSERT", "inserted", ""),
        Trigger("TagHistoryCountsDelete", "DELETE", "deleted", "-"),
    ];

    public static readonly string[] Drop =
    [
        "DROP TRIGGER IF EXISTS [TagHistoryCountsInsert]",
        "DROP TRIGGER IF EXISTS [TagHistoryCountsDelete]",
    ];

    private static string Backfill(string table, string bucket, string value) => $"""
        INSERT INTO [{table}] ([TenantId], [TagId], [{bucket}], [Added], [Removed])
        SELECT [TenantId], [TagId], {value}, SUM(CASE WHEN [Action] = N'Added' THEN 1 ELSE 0 END), SUM(CASE WHEN [Action] <> N'Added' THEN 1 ELSE 0 END)
        FROM [TagHistory] WITH (TABLOCK, HOLDLOCK) GROUP BY [TenantId], [TagId], {value}
        """;

    private static string Trigger(string name, string operation, string rows, string sign) => $"""
        CREATE TRIGGER [{name}] ON [TagHistory] AFTER {operation} AS
        BEGIN
            SET NOCOUNT ON;
            {Merge("TagDailyCounts", "Day", DayOf, rows, sign)}
            {Merge("TagHourlyCounts", "Hour", HourOf, rows, sign)}
        END
        """;

    private static string Merge(string table, string bucket, string value, string rows, string sign) => $"""
        MERGE [{table}] WITH (HOLDLOCK) AS c
        USING (SELECT [TenantId], [TagId], {value} AS [Bucket],
                      {sign}SUM(CAST(CASE WHEN [Action] = N'Added' THEN 1 ELSE 0 END AS bigint)) AS [Added],
                      {sign}SUM(CAST(CASE WHEN [Action] <> N'Added' THEN 1 ELSE 0 END AS bigint)) AS [Removed]
               FROM {rows} GROUP BY [TenantId], [TagId], {value}) AS d
        ON c.[TenantId] = d.[TenantId] AND c.[TagId] = d.[TagId] AND c.[{bucket}] = d.[Bucket]
        WHEN MATCHED THEN UPDATE SET [Added] = c.[Added] + d.[Added], [Removed] = c.[Removed] + d.[Removed]
        WHEN NOT MATCHED THEN INSERT ([TenantId], [TagId], [{bucket}], [Added], [Removed]) VALUES (d.[TenantId], d.[TagId], d.[Bucket], d.[Added], d.[Removed]);
        """;
}
