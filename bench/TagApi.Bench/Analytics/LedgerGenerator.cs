using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;
using TagApi.Bench.Data;
using TagApi.Bench.Infrastructure;

namespace TagApi.Bench.Analytics;

/// <summary>
/// W10's tag history: ledger lines in TagApi's own <c>"TagHistory"</c> table, consistent with the current
/// assignments — every held tag's last line is its addition at the assignment's time, some held tags were
/// held and dropped once before, and some customers held a tag for a while that they no longer hold. Changes
/// spread over the year before the anchor (additions over the customers' lifetimes, as the assignments are),
/// so a 1-year daily trend has something every day. Deterministic (fixed seed), binary COPY, indexes rebuilt after.
/// </summary>
public static class LedgerGenerator
{
    private const double PriorCycle = 0.25;
    private const double Churned = 0.30;
    private const int WindowDays = 400;

    /// <summary>Fills the tenant's ledger unless a ledger from the same seed is there; returns the timed step.</summary>
    public static LoadStep Ensure(NpgsqlDataSource source, Dataset data, ulong seed)
    {
        using var connection = source.OpenConnection();
        PostgresLoader.Execute(connection, "CREATE TABLE IF NOT EXISTS bench_w10_ledger (seed numeric PRIMARY KEY, lines bigint NOT NULL)");
        var lines = Scalar(connection, $"SELECT count(*) FROM \"TagHistory\" WHERE \"TenantId\" = {data.TenantId}");
        if (lines > 0 && Scalar(connection, $"SELECT coalesce(max(lines), -1) FROM bench_w10_ledger WHERE seed = {seed}") == lines)
        {
            return new LoadStep("W10 tag history ledger (reused)", lines, 0);
        }

        PostgresLoader.Execute(connection, $"DELETE FROM \"TagHistory\" WHERE \"TenantId\" = {data.TenantId}; DELETE FROM bench_w10_ledger");
        var keys = data.TagIds.ToDictionary(t => t.Value, t => t.Key);
        var clock = Stopwatch.StartNew();
        // As superuser, skip the per-row foreign-key trigger (the customers exist: the lines come from their assignments).
        var superuser = Scalar(connection, "SELECT CASE WHEN rolsuper THEN 1 ELSE 0 END FROM pg_roles WHERE rolname = current_user") == 1;
        if (superuser)
        {
            PostgresLoader.Execute(connection, "SET session_replication_role = replica");
        }

        var indexes = SecondaryIndexes.Drop(connection, "TagHistory");
        using (var reader = source.OpenConnection())
        {
            lines = Write(reader, connection, data, keys, seed);
        }

        indexes.Recreate(connection);
        if (superuser)
        {
            PostgresLoader.Execute(connection, "RESET session_replication_role");
            // Replica mode skipped TagApi's own triggers too, which keep the per-day and per-hour counts beside the
            // ledger: count the tenant's lines once, as TagApi's migration does for an existing ledger.
            PostgresLoader.Execute(connection, RecountSql(data.TenantId));
        }

        PostgresLoader.Execute(connection, $"ANALYZE \"TagHistory\"; INSERT INTO bench_w10_ledger VALUES ({seed}, {lines})");
        Log.Info($"W10: {lines:N0} ledger lines in {clock.Elapsed.TotalSeconds:N1} s");
        return new LoadStep("W10 tag history ledger (binary COPY, indexes rebuilt)", lines, clock.Elapsed.TotalSeconds);
    }

    private static string RecountSql(long tenantId) => $$"""
        DELETE FROM "TagDailyCounts" WHERE "TenantId" = {{tenantId}};
        DELETE FROM "TagHourlyCounts" WHERE "TenantId" = {{tenantId}};
        INSERT INTO "TagDailyCounts" ("TenantId", "TagId", "Day", "Added", "Removed")
        SELECT "TenantId", "TagId", ("At" AT TIME ZONE 'UTC')::date, count(*) FILTER (WHERE "Action" = 'Added'), count(*) FILTER (WHERE "Action" <> 'Added')
        FROM "TagHistory" WHERE "TenantId" = {{tenantId}} GROUP BY 1, 2, 3;
        INSERT INTO "TagHourlyCounts" ("TenantId", "TagId", "Hour", "Added", "Removed")
        SELECT "TenantId", "TagId", date_trunc('hour', "At", 'UTC'), count(*) FILTER (WHERE "Action" = 'Added'), count(*) FILTER (WHERE "Action" <> 'Added')
        FROM "TagHistory" WHERE "TenantId" = {{tenantId}} GROUP BY 1, 2, 3
        """;

    private static long Write(NpgsqlConnection reader, NpgsqlConnection writer, Dataset data, Dictionary<long, string> keys, ulong seed)
    {
        var tagIds = keys.Keys.Order().ToArray();
        var windowStart = data.Anchor.AddDays(-WindowDays);
        var rng = new Rng(seed, 100);
        var held = new List<(long TagId, string Source, DateTime At)>();
        var lines = new List<Line>();
        long written = 0;
        using var import = writer.BeginBinaryImport("""
            COPY "TagHistory" ("TenantId", "CustomerId", "TagId", "TagKey", "Action", "Source", "SourceRef", "Reason", "At") FROM STDIN (FORMAT BINARY)
            """);
        using var export = reader.BeginBinaryExport($"""
            COPY (SELECT "CustomerId", "TagId", "Source", "AssignedAt" FROM "TagAssignments" WHERE "TenantId" = {data.TenantId} ORDER BY "CustomerId") TO STDOUT (FORMAT BINARY)
            """);
        long current = -1;
        while (true)
        {
            var more = export.StartRow() != -1;
            var customer = more ? export.Read<long>() : -2;
            if (customer != current && current >= 0)
            {
                Lines(current, held, tagIds, windowStart, data.Anchor, ref rng, lines);
                foreach (var line in lines.OrderBy(l => l.At))
                {
                    Row(import, data.TenantId, current, line, keys[line.TagId]);
                }

                written += lines.Count;
                held.Clear();
                lines.Clear();
            }

            if (!more)
            {
                break;
            }

            current = customer;
            held.Add((export.Read<long>(), export.Read<string>(), export.Read<DateTime>(NpgsqlDbType.TimestampTz)));
        }

        import.Complete();
        return written;
    }

    private readonly record struct Line(long TagId, string Action, string Source, DateTime At);

    private static void Lines(long customer, List<(long TagId, string Source, DateTime At)> held, long[] tagIds, DateTime windowStart, DateTime anchor, ref Rng rng, List<Line> lines)
    {
        foreach (var (tagId, source, at) in held)
        {
            // Held, dropped and later taken again: the earlier cycle ends before the current assignment.
            if (at > windowStart.AddDays(2) && rng.Chance(PriorCycle))
            {
                var added = Between(ref rng, windowStart, at);
                var removed = Between(ref rng, added, at);
                lines.Add(new Line(tagId, "Added", source, added));
                lines.Add(new Line(tagId, rng.Chance(0.1) ? "Expired" : "Removed", source, removed));
            }

            lines.Add(new Line(tagId, "Added", source, at));
        }

        if (rng.Chance(Churned))
        {
            var tagId = tagIds[rng.Next(tagIds.Length)];
            if (!held.Exists(h => h.TagId == tagId))
            {
                var added = Between(ref rng, windowStart, anchor);
                lines.Add(new Line(tagId, "Added", "Manual", added));
                lines.Add(new Line(tagId, "Removed", "Manual", Between(ref rng, added, anchor)));
            }
        }
    }

    // A whole second strictly after start and before end (start itself when they are too close).
    private static DateTime Between(ref Rng rng, DateTime start, DateTime end)
    {
        var seconds = (long)(end - start).TotalSeconds - 1;
        return seconds <= 1 ? start : start.AddSeconds(1 + (long)(rng.NextDouble() * (seconds - 1)));
    }

    private static void Row(NpgsqlBinaryImporter import, long tenantId, long customer, Line line, string key)
    {
        import.StartRow();
        import.Write(tenantId, NpgsqlDbType.Bigint);
        import.Write(customer, NpgsqlDbType.Bigint);
        import.Write(line.TagId, NpgsqlDbType.Bigint);
        import.Write(key, NpgsqlDbType.Varchar);
        import.Write(line.Action, NpgsqlDbType.Varchar);
        import.Write(line.Source, NpgsqlDbType.Varchar);
        import.WriteNull();
        import.WriteNull();
        import.Write(line.At, NpgsqlDbType.TimestampTz);
    }

    private static long Scalar(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
