using System.Diagnostics;
using DuckDB.NET.Data;
using Npgsql;
using TagApi.Bench.Data;

namespace TagApi.Bench.Analytics;

/// <summary>
/// DuckDB in-process with the bench tenant's rows as an analyst would load them: the same tables and column names
/// (only the columns the questions read), streamed from PostgreSQL by binary COPY into DuckDB's appender. Times
/// are UTC <c>timestamp</c>s. The load is timed per table and reported apart from the queries.
/// </summary>
public static class DuckDbCopy
{
    private static readonly (string Table, string Create, string Select, Action<NpgsqlBinaryExporter, IDuckDBAppenderRow> Row)[] Tables =
    [
        ("Customers", """CREATE TABLE "Customers" ("Id" BIGINT, "TenantId" BIGINT)""", """SELECT "Id", "TenantId" FROM "Customers" WHERE "TenantId" = {0}""",
            (e, r) => r.AppendValue(e.Read<long>()).AppendValue(e.Read<long>())),
        ("TagCategories", """CREATE TABLE "TagCategories" ("Id" BIGINT, "TenantId" BIGINT, "Key" VARCHAR)""", """SELECT "Id", "TenantId", "Key" FROM "TagCategories" WHERE "TenantId" = {0}""",
            (e, r) => r.AppendValue(e.Read<long>()).AppendValue(e.Read<long>()).AppendValue(e.Read<string>())),
        ("Tags", """CREATE TABLE "Tags" ("Id" BIGINT, "TenantId" BIGINT, "Key" VARCHAR, "CategoryId" BIGINT)""", """SELECT "Id", "TenantId", "Key", "CategoryId" FROM "Tags" WHERE "TenantId" = {0}""",
            (e, r) => r.AppendValue(e.Read<long>()).AppendValue(e.Read<long>()).AppendValue(e.Read<string>()).AppendValue(e.Read<long>())),
        ("TagAssignments", """CREATE TABLE "TagAssignments" ("CustomerId" BIGINT, "TagId" BIGINT, "TenantId" BIGINT, "Source" VARCHAR)""",
            """SELECT "CustomerId", "TagId", "TenantId", "Source" FROM "TagAssignments" WHERE "TenantId" = {0}""",
            (e, r) => r.AppendValue(e.Read<long>()).AppendValue(e.Read<long>()).AppendValue(e.Read<long>()).AppendValue(e.Read<string>())),
        ("TagHistory", """CREATE TABLE "TagHistory" ("TenantId" BIGINT, "CustomerId" BIGINT, "TagId" BIGINT, "Action" VARCHAR, "At" TIMESTAMP)""",
            """SELECT "TenantId", "CustomerId", "TagId", "Action", "At" FROM "TagHistory" WHERE "TenantId" = {0}""",
            (e, r) => r.AppendValue(e.Read<long>()).AppendValue(e.Read<long>()).AppendValue(e.Read<long>()).AppendValue(e.Read<string>()).AppendValue(e.Read<DateTime>(NpgsqlTypes.NpgsqlDbType.TimestampTz))),
    ];

    /// <summary>An open in-memory DuckDB holding the tenant's rows, and one load step per table.</summary>
    public static (DuckDBConnection Connection, List<LoadStep> Steps) Load(NpgsqlDataSource source, long tenantId)
    {
        var duck = new DuckDBConnection("Data Source=:memory:");
        duck.Open();
        var steps = new List<LoadStep>();
        using var pg = source.OpenConnection();
        foreach (var (table, create, select, row) in Tables)
        {
            var clock = Stopwatch.StartNew();
            using (var command = duck.CreateCommand())
            {
                command.CommandText = create;
                command.ExecuteNonQuery();
            }

            long rows = 0;
            using (var appender = duck.CreateAppender(table))
            using (var export = pg.BeginBinaryExport($"COPY ({string.Format(System.Globalization.CultureInfo.InvariantCulture, select, tenantId)}) TO STDOUT (FORMAT BINARY)"))
            {
                while (export.StartRow() != -1)
                {
                    var next = appender.CreateRow();
                    row(export, next);
                    next.EndRow();
                    rows++;
                }
            }

            steps.Add(new LoadStep($"W10 DuckDB peer: \"{table}\" from PostgreSQL binary COPY into DuckDB's appender", rows, clock.Elapsed.TotalSeconds));
        }

        return (duck, steps);
    }
}
