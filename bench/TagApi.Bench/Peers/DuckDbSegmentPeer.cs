using System.Diagnostics;
using System.Globalization;
using DuckDB.NET.Data;
using Npgsql;
using TagApi.Bench.Data;
using TagApi.Bench.Infrastructure;

namespace TagApi.Bench.Peers;

/// <summary>
/// DuckDB in-process, columnar, holding the stage's tenant as an analyst would load it: "Customers" (id, total spent,
/// last order) and "TagAssignments" (the junction) with the same names and columns as PostgreSQL's, streamed by binary
/// COPY into DuckDB's appender, and "CustomerTags" — each customer's tags as one sorted <c>INTEGER[]</c>, built by
/// DuckDB itself from the junction. The load is timed and reported apart from the queries.
/// </summary>
public sealed class DuckDbSegmentPeer : IDisposable
{
    private readonly DuckDBConnection _duck;

    private DuckDbSegmentPeer(DuckDBConnection duck, double loadSeconds, long assignments)
    {
        _duck = duck;
        LoadSeconds = loadSeconds;
        Assignments = assignments;
    }

    /// <summary>The most memory DuckDB may hold before spilling to its temp directory.</summary>
    public const string MemoryLimit = "4GB";

    public double LoadSeconds { get; }

    public long Assignments { get; }

    public static DuckDbSegmentPeer Load(NpgsqlDataSource source, long tenantId)
    {
        var clock = Stopwatch.StartNew();
        var duck = new DuckDBConnection("Data Source=:memory:");
        duck.Open();
        // DuckDB takes 80 % of the machine's memory by default; the machine is shared with the TagApi server and
        // PostgreSQL, so it gets a bound and spills past it (at ten million customers it would take most of the RAM).
        Execute(duck, $"SET memory_limit = '{MemoryLimit}'");
        Execute(duck, $"SET temp_directory = '{Path.Combine(Path.GetTempPath(), "duckdb-spill")}'");
        Execute(duck, """CREATE TABLE "Customers" ("Id" BIGINT, "TenantId" BIGINT, "TotalSpent" DECIMAL(18, 2), "LastOrderAt" TIMESTAMP, "Email" VARCHAR)""");
        Execute(duck, """CREATE TABLE "TagAssignments" ("CustomerId" BIGINT, "TagId" BIGINT, "TenantId" BIGINT)""");
        using var pg = source.OpenConnection();
        Copy(pg, duck, "Customers", $"SELECT \"Id\", \"TenantId\", \"TotalSpent\", \"LastOrderAt\", \"Email\" FROM \"Customers\" WHERE \"TenantId\" = {tenantId}", (e, r) =>
        {
            r.AppendValue(e.Read<long>()).AppendValue(e.Read<long>()).AppendValue(e.Read<decimal>());
            if (e.IsNull)
            {
                e.Skip();
                r.AppendNullValue();
            }
            else
            {
                r.AppendValue(e.Read<DateTime>(NpgsqlTypes.NpgsqlDbType.TimestampTz));
            }

            if (e.IsNull)
            {
                e.Skip();
                r.AppendNullValue();
            }
            else
            {
                r.AppendValue(e.Read<string>());
            }
        });
        var assignments = Copy(pg, duck, "TagAssignments", $"SELECT \"CustomerId\", \"TagId\", \"TenantId\" FROM \"TagAssignments\" WHERE \"TenantId\" = {tenantId}",
            (e, r) => r.AppendValue(e.Read<long>()).AppendValue(e.Read<long>()).AppendValue(e.Read<long>()));
        Execute(duck, """
            CREATE TABLE "CustomerTags" AS
            SELECT c."Id", c."TotalSpent", c."LastOrderAt",
                   coalesce(list(a."TagId"::INTEGER ORDER BY a."TagId") FILTER (WHERE a."TagId" IS NOT NULL), []) AS tags
            FROM "Customers" c LEFT JOIN "TagAssignments" a ON a."CustomerId" = c."Id"
            GROUP BY c."Id", c."TotalSpent", c."LastOrderAt"
            """);
        return new DuckDbSegmentPeer(duck, clock.Elapsed.TotalSeconds, assignments);
    }

    public string Version()
    {
        using var command = _duck.CreateCommand();
        command.CommandText = "SELECT version()";
        return command.ExecuteScalar()?.ToString() ?? "?";
    }

    public long Count(string sql)
    {
        using var command = _duck.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Members in id order after an id, a page at a time, from <paramref name="members"/> (a query naming each member's
    /// id as <c>id</c>), as one statement prepared once: DuckDB pushes the bound into the scan and keeps the top rows.
    /// </summary>
    public Func<long, int, List<long>> PreparePage(string members)
    {
        var command = _duck.CreateCommand();
        command.CommandText = $"SELECT id FROM ({members}) AS m WHERE id > ? ORDER BY id LIMIT ?";
        var after = new DuckDBParameter(0L);
        var limit = new DuckDBParameter(50L);
        command.Parameters.Add(after);
        command.Parameters.Add(limit);
        command.Prepare();
        return (afterId, pageSize) =>
        {
            after.Value = afterId;
            limit.Value = (long)pageSize;
            var ids = new List<long>(pageSize);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                ids.Add(reader.GetInt64(0));
            }

            return ids;
        };
    }

    /// <summary>
    /// Reads every row of <paramref name="query"/> (a member's id first, then optionally its e-mail) and hands the ids to
    /// <paramref name="sink"/> in batches, as the COPY peers do; e-mail is read and counted, not kept.
    /// </summary>
    public (long Rows, long Chars) Export(string query, Action<ReadOnlySpan<long>> sink)
    {
        var ids = new IdBatches(sink);
        long chars = 0;
        using (var command = _duck.CreateCommand())
        {
            command.CommandText = query;
            using var reader = command.ExecuteReader();
            var withEmail = reader.FieldCount > 1;
            while (reader.Read())
            {
                ids.Add(reader.GetInt64(0));
                if (withEmail && !reader.IsDBNull(1))
                {
                    chars += reader.GetString(1).Length;
                }
            }
        }

        return (ids.Finish(), chars);
    }

    public void Dispose() => _duck.Dispose();

    private static long Copy(NpgsqlConnection pg, DuckDBConnection duck, string table, string select, Action<NpgsqlBinaryExporter, IDuckDBAppenderRow> row)
    {
        long rows = 0;
        using var appender = duck.CreateAppender(table);
        using var export = pg.BeginBinaryExport($"COPY ({select}) TO STDOUT (FORMAT BINARY)");
        while (export.StartRow() != -1)
        {
            var next = appender.CreateRow();
            row(export, next);
            next.EndRow();
            rows++;
        }

        return rows;
    }

    private static void Execute(DuckDBConnection duck, string sql)
    {
        using var command = duck.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
