using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;
using TagApi.Bench.Data;

namespace TagApi.Bench.Ingestion;

/// <summary>
/// segment.tag's raw peer: one binary COPY of the assignment rows the job writes — a tag for every customer — into the
/// same logged, indexed "TagAssignments" table of the same database, nothing else (no history, events, index log or
/// versions); then the rows are deleted again, so the job finds the tag unheld.
/// </summary>
public static class SegmentTagCopyPeer
{
    public static LoadStep Run(string connectionString, long tenantId, long tagId, string clientId)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        var ids = new List<long>();
        using (var read = new NpgsqlCommand("""SELECT "Id" FROM "Customers" WHERE "TenantId" = $1 ORDER BY "Id" """, connection))
        {
            read.Parameters.Add(new NpgsqlParameter<long> { TypedValue = tenantId });
            using var reader = read.ExecuteReader();
            while (reader.Read())
            {
                ids.Add(reader.GetInt64(0));
            }
        }

        var at = DateTime.UtcNow;
        var clock = Stopwatch.StartNew();
        using (var import = connection.BeginBinaryImport(
            """COPY "TagAssignments" ("TenantId", "CustomerId", "TagId", "Source", "SourceRef", "AssignedAt") FROM STDIN (FORMAT BINARY)"""))
        {
            foreach (var id in ids)
            {
                import.StartRow();
                import.Write(tenantId, NpgsqlDbType.Bigint);
                import.Write(id, NpgsqlDbType.Bigint);
                import.Write(tagId, NpgsqlDbType.Bigint);
                import.Write("Manual", NpgsqlDbType.Text);
                import.Write(clientId, NpgsqlDbType.Text);
                import.Write(at, NpgsqlDbType.TimestampTz);
            }

            import.Complete();
        }

        var step = new LoadStep("COPY assignments", ids.Count, clock.Elapsed.TotalSeconds);
        using var delete = new NpgsqlCommand("""DELETE FROM "TagAssignments" WHERE "TenantId" = $1 AND "TagId" = $2""", connection) { CommandTimeout = 600 };
        delete.Parameters.Add(new NpgsqlParameter<long> { TypedValue = tenantId });
        delete.Parameters.Add(new NpgsqlParameter<long> { TypedValue = tagId });
        delete.ExecuteNonQuery();
        return step;
    }
}
