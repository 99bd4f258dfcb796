using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;
using TagApi.Bench.Data;
using TagApi.Bench.Infrastructure;

namespace TagApi.Bench.Rules;

/// <summary>
/// The activity stream of BENCHMARKS.md: about ten activities per customer over the two years
/// before now — interactions by channel, purchases with amounts, visits — written with binary COPY
/// into TagApi's own activity table (deterministic: fixed seed).
/// </summary>
public static class ActivityStream
{
    public const int PerCustomer = 10;
    private static readonly string[] Channels = ["email", "chat", "phone", "app", "web", "store", "social"];

    /// <summary>Fills the tenant's activities unless the right number is already there; returns the timed step.</summary>
    public static LoadStep Ensure(NpgsqlDataSource source, Dataset data, ulong seed, DateTime now)
    {
        using var connection = source.OpenConnection();
        var expected = (long)data.Customers * PerCustomer;
        using (var count = new NpgsqlCommand($"SELECT count(*) FROM \"Activities\" WHERE \"TenantId\" = {data.TenantId}", connection))
        {
            if ((long)count.ExecuteScalar()! == expected)
            {
                return new LoadStep("W5 activities (reused)", expected, 0);
            }
        }

        Execute(connection, $"DELETE FROM \"Activities\" WHERE \"TenantId\" = {data.TenantId}");
        var ids = CustomerIds(connection, data.TenantId);
        var clock = Stopwatch.StartNew();
        var rng = new Rng(seed, 5);
        Write(connection, data.TenantId, ids.SelectMany(id => Enumerable.Range(0, PerCustomer).Select(_ => id)), now, ref rng, TimeSpan.FromDays(730), "w5");
        Execute(connection, "ANALYZE \"Activities\"");
        Log.Info($"W5: {expected:N0} activities in {clock.Elapsed.TotalSeconds:N1} s");
        return new LoadStep("W5 activities (binary COPY, with indexes)", expected, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Customer ids of the tenant, in id order.</summary>
    public static List<long> CustomerIds(NpgsqlConnection connection, long tenantId)
    {
        var ids = new List<long>();
        using var command = new NpgsqlCommand($"SELECT \"Id\" FROM \"Customers\" WHERE \"TenantId\" = {tenantId} ORDER BY \"Id\"", connection);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }

    /// <summary>One activity per given customer id (repeats allowed), spread over <paramref name="span"/> before now.</summary>
    public static void Write(NpgsqlConnection connection, long tenantId, IEnumerable<long> customerIds, DateTime now, ref Rng rng, TimeSpan span, string prefix)
    {
        using var import = connection.BeginBinaryImport(
            "COPY \"Activities\" (\"TenantId\", \"CustomerId\", \"ExternalId\", \"Type\", \"Channel\", \"OccurredAt\", \"Amount\", \"Properties\", \"RecordedAt\") FROM STDIN (FORMAT BINARY)");
        long n = 0;
        foreach (var customerId in customerIds)
        {
            var roll = rng.NextDouble();
            var type = roll < 0.5 ? "interaction" : roll < 0.8 ? "purchase" : "visit";
            import.StartRow();
            import.Write(tenantId, NpgsqlDbType.Bigint);
            import.Write(customerId, NpgsqlDbType.Bigint);
            import.Write($"{prefix}-{n++}", NpgsqlDbType.Text);
            import.Write(type, NpgsqlDbType.Text);
            import.Write(Channels[rng.Next(Channels.Length)], NpgsqlDbType.Text);
            import.Write(now.AddSeconds(-Math.Floor(span.TotalSeconds * rng.NextDouble())), NpgsqlDbType.TimestampTz);
            if (type == "purchase")
            {
                // Skewed amounts: most orders small, a few large, so "> 10,000 a year" is a real minority.
                import.Write((decimal)Math.Round(20 + (Math.Pow(rng.NextDouble(), 4) * 8000), 2), NpgsqlDbType.Numeric);
            }
            else
            {
                import.WriteNull();
            }

            import.Write("{}", NpgsqlDbType.Text);
            import.Write(now, NpgsqlDbType.TimestampTz);
        }

        import.Complete();
    }

    public static void Execute(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
        command.ExecuteNonQuery();
    }
}
