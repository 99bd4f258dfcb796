using Npgsql;

namespace TagApi.Bench.Data;

/// <summary>
/// The secondary indexes of the tables being bulk-loaded, as the migrations created them. Loading
/// into unindexed tables and building each index once afterwards is how pg_restore does it and
/// much faster than maintaining them row by row; the definitions are read from the catalog
/// (<c>pg_get_indexdef</c>), so what is rebuilt is exactly what was there.
/// </summary>
public sealed class SecondaryIndexes
{
    private readonly List<(string Name, string Definition)> _indexes = [];

    public int Count => _indexes.Count;

    public static SecondaryIndexes Drop(NpgsqlConnection connection, params string[] tables)
    {
        var result = new SecondaryIndexes();
        using (var read = new NpgsqlCommand("""
            SELECT c.relname, pg_get_indexdef(c.oid)
            FROM pg_index i
            JOIN pg_class c ON c.oid = i.indexrelid
            JOIN pg_class t ON t.oid = i.indrelid
            JOIN pg_namespace n ON n.oid = t.relnamespace
            WHERE n.nspname = current_schema() AND t.relname = ANY(@tables)
              AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = c.oid)
            ORDER BY c.relname
            """, connection))
        {
            read.Parameters.AddWithValue("tables", tables);
            using var reader = read.ExecuteReader();
            while (reader.Read())
            {
                result._indexes.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        foreach (var (name, _) in result._indexes)
        {
            using var drop = new NpgsqlCommand($"DROP INDEX \"{name}\"", connection);
            drop.ExecuteNonQuery();
        }

        return result;
    }

    public void Recreate(NpgsqlConnection connection)
    {
        using (var memory = new NpgsqlCommand("SET maintenance_work_mem = '1GB'", connection))
        {
            memory.ExecuteNonQuery();
        }

        foreach (var (_, definition) in _indexes)
        {
            using var create = new NpgsqlCommand(definition, connection);
            create.ExecuteNonQuery();
        }
    }
}
