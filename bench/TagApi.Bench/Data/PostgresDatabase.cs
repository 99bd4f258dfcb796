using Npgsql;

namespace TagApi.Bench.Data;

/// <summary>One database on the benchmark's PostgreSQL server, created fresh for each dataset.</summary>
public sealed class PostgresDatabase(string adminConnectionString, string name)
{
    public string Name { get; } = name;

    public string ConnectionString { get; } = new NpgsqlConnectionStringBuilder(adminConnectionString)
    {
        Database = name,
        CommandTimeout = 900,
        IncludeErrorDetail = true,
        Pooling = true,
    }.ConnectionString;

    /// <summary>
    /// The database a dataset of this size lives in: <c>tagapi_bench</c> for the default million (so databases
    /// kept with <c>--reuse-data</c> stay valid), <c>tagapi_bench_10m</c>, <c>tagapi_bench_100k</c>… otherwise, so a
    /// run at another size never overwrites the million.
    /// </summary>
    public static string NameFor(int customers) => customers switch
    {
        1_000_000 => "tagapi_bench",
        _ when customers % 1_000_000 == 0 => $"tagapi_bench_{customers / 1_000_000}m",
        _ when customers % 1_000 == 0 => $"tagapi_bench_{customers / 1_000}k",
        _ => $"tagapi_bench_{customers}",
    };

    public DatabaseTarget Target => new("Postgres", ConnectionString);

    public NpgsqlDataSource CreateDataSource() => NpgsqlDataSource.Create(ConnectionString);

    public bool Exists()
    {
        using var admin = new NpgsqlConnection(adminConnectionString);
        admin.Open();
        using var command = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", admin);
        command.Parameters.AddWithValue("name", Name);
        return command.ExecuteScalar() is not null;
    }

    public void Recreate()
    {
        using var admin = new NpgsqlConnection(adminConnectionString);
        admin.Open();
        var quoted = "\"" + Name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        using (var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)", admin))
        {
            drop.ExecuteNonQuery();
        }

        using var create = new NpgsqlCommand($"CREATE DATABASE {quoted} ENCODING 'UTF8' TEMPLATE template0", admin);
        create.ExecuteNonQuery();
    }

    public static string ServerVersion(string adminConnectionString)
    {
        using var admin = new NpgsqlConnection(adminConnectionString);
        admin.Open();
        using var command = new NpgsqlCommand("SELECT version()", admin);
        return (string)command.ExecuteScalar()!;
    }

    /// <summary>The server settings that shape the peers' figures, for the report.</summary>
    public static IReadOnlyDictionary<string, string> Settings(string adminConnectionString)
    {
        string[] names = ["shared_buffers", "work_mem", "effective_cache_size", "max_parallel_workers_per_gather", "jit", "random_page_cost", "synchronous_commit", "fsync"];
        using var admin = new NpgsqlConnection(adminConnectionString);
        admin.Open();
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            using var command = new NpgsqlCommand($"SELECT current_setting('{name}')", admin);
            result[name] = (string)command.ExecuteScalar()!;
        }

        return result;
    }
}
