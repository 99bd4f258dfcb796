using System.Globalization;
using Npgsql;

namespace TagApi.Bench.Data;

/// <summary>
/// What a benchmark database was generated with, kept in a small table of its own so a later run
/// with <c>--reuse-data</c> and the same size and seed can skip generation.
/// </summary>
public sealed record BenchMeta(int Customers, ulong Seed, DateTime Anchor, long Assignments, string ClientId, string ClientSecret)
{
    public static void Write(NpgsqlConnection connection, BenchMeta meta)
    {
        PostgresLoader.Execute(connection, "CREATE TABLE IF NOT EXISTS bench_meta (key text PRIMARY KEY, value text NOT NULL)");
        var values = new Dictionary<string, string>
        {
            ["customers"] = meta.Customers.ToString(CultureInfo.InvariantCulture),
            ["seed"] = meta.Seed.ToString(CultureInfo.InvariantCulture),
            ["anchor"] = meta.Anchor.ToString("O", CultureInfo.InvariantCulture),
            ["assignments"] = meta.Assignments.ToString(CultureInfo.InvariantCulture),
            ["client_id"] = meta.ClientId,
            ["client_secret"] = meta.ClientSecret,
        };
        foreach (var (key, value) in values)
        {
            using var command = new NpgsqlCommand(
                "INSERT INTO bench_meta (key, value) VALUES (@key, @value) ON CONFLICT (key) DO UPDATE SET value = excluded.value", connection);
            command.Parameters.AddWithValue("key", key);
            command.Parameters.AddWithValue("value", value);
            command.ExecuteNonQuery();
        }
    }

    public static BenchMeta? TryRead(PostgresDatabase database, int customers, ulong seed)
    {
        using var dataSource = database.CreateDataSource();
        using var connection = dataSource.OpenConnection();
        using (var exists = new NpgsqlCommand("SELECT to_regclass('bench_meta') IS NOT NULL", connection))
        {
            if (!(bool)exists.ExecuteScalar()!)
            {
                return null;
            }
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        using (var read = new NpgsqlCommand("SELECT key, value FROM bench_meta", connection))
        using (var reader = read.ExecuteReader())
        {
            while (reader.Read())
            {
                values[reader.GetString(0)] = reader.GetString(1);
            }
        }

        var meta = new BenchMeta(
            int.Parse(values["customers"], CultureInfo.InvariantCulture),
            ulong.Parse(values["seed"], CultureInfo.InvariantCulture),
            DateTime.Parse(values["anchor"], CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
            long.Parse(values["assignments"], CultureInfo.InvariantCulture),
            values["client_id"],
            values["client_secret"]);
        return meta.Customers == customers && meta.Seed == seed ? meta : null;
    }
}
