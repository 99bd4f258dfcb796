using Npgsql;
using NpgsqlTypes;
using TagApi.Bench.Data;

namespace TagApi.Bench.Peers;

/// <summary>
/// The intarray peer's storage: one row per customer with its tag ids as <c>int[]</c>, and a GIN
/// index with <c>gin__int_ops</c> — the usual way to answer boolean tag queries in PostgreSQL
/// alone. Customers without tags get an empty array, so negations count them too.
/// </summary>
public static class GinPeerTable
{
    public const string Table = "bench_customer_tags";

    public static void Create(NpgsqlConnection connection, TagMatrix matrix, long[] tagIdByIndex)
    {
        PostgresLoader.Execute(connection, "CREATE EXTENSION IF NOT EXISTS intarray");
        PostgresLoader.Execute(connection, $"DROP TABLE IF EXISTS {Table}");
        PostgresLoader.Execute(connection, $"CREATE TABLE {Table} (customer_id bigint PRIMARY KEY, tags int[] NOT NULL)");
        using (var writer = connection.BeginBinaryImport($"COPY {Table} (customer_id, tags) FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 0; i < matrix.Rows; i++)
            {
                var held = matrix.Of(i);
                var tags = new int[held.Length];
                for (var k = 0; k < held.Length; k++)
                {
                    tags[k] = checked((int)tagIdByIndex[held[k]]);
                }

                writer.StartRow();
                writer.Write(i + 1L, NpgsqlDbType.Bigint);
                writer.Write(tags, NpgsqlDbType.Array | NpgsqlDbType.Integer);
            }

            writer.Complete();
        }

        PostgresLoader.Execute(connection, "SET maintenance_work_mem = '1GB'");
        PostgresLoader.Execute(connection, $"CREATE INDEX {Table}_tags_gin ON {Table} USING gin (tags gin__int_ops)");
    }
}
