using System.Diagnostics;
using Npgsql;

namespace TagApi.Bench.Webhooks;

/// <summary>
/// The database floor of W7: a bare <c>FOR UPDATE SKIP LOCKED</c> batch-claim loop (batches of 100)
/// over a table shaped like <c>"WebhookDeliveries"</c> (same columns and indexes), each claimed batch
/// then marked delivered — no HTTP, no signing, no attempt log. Its one global claim in due order needs a
/// <c>(Status, NextAttemptAt)</c> index, which TagApi's table no longer has on PostgreSQL (it claims per
/// endpoint), so the peer gets its own.
/// </summary>
public static class SkipLockedPeer
{
    public const string Table = "bench_w7_deliveries";
    private const int Batch = 100;

    public static string ClaimSql => $"""
        UPDATE {Table} SET "ClaimedUntil" = now() + interval '2 minutes'
        WHERE "Id" IN (SELECT "Id" FROM {Table}
            WHERE "Status" = 'Pending' AND "NextAttemptAt" <= now() AND ("ClaimedUntil" IS NULL OR "ClaimedUntil" < now())
            ORDER BY "NextAttemptAt" LIMIT {Batch} FOR UPDATE SKIP LOCKED)
        RETURNING "Id"
        """;

    public static string CompleteSql => $"""
        UPDATE {Table} SET "Status" = 'Succeeded', "Attempts" = "Attempts" + 1, "LastStatusCode" = 200,
            "ClaimedUntil" = NULL, "CompletedAt" = now() WHERE "Id" = ANY(@ids)
        """;

    /// <summary>Fills the peer's table with <paramref name="rows"/> due deliveries.</summary>
    public static void Prepare(NpgsqlDataSource source, long tenantId, long rows)
    {
        using var connection = source.OpenConnection();
        Execute(connection, $"""DROP TABLE IF EXISTS {Table}; CREATE TABLE {Table} (LIKE "WebhookDeliveries" INCLUDING DEFAULTS INCLUDING INDEXES INCLUDING IDENTITY)""");
        Execute(connection, $"""CREATE INDEX IF NOT EXISTS {Table}_due ON {Table} ("Status", "NextAttemptAt")""");
        Execute(connection, $"""
            INSERT INTO {Table} ("TenantId", "EndpointId", "EventId", "Status", "Attempts", "NextAttemptAt", "CreatedAt")
            SELECT {tenantId}, 1 + i % 10, i / 10, 'Pending', 0, now() - interval '1 minute', now() - interval '1 minute' FROM generate_series(1, {rows}) AS i
            """);
        Execute(connection, $"VACUUM ANALYZE {Table}");
    }

    /// <summary>Claims and completes until nothing is left, with <paramref name="workers"/> connections; returns rows and seconds.</summary>
    public static (long Rows, double Seconds) Drain(NpgsqlDataSource source, int workers)
    {
        long total = 0;
        var clock = Stopwatch.StartNew();
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, _ =>
        {
            using var connection = source.OpenConnection();
            using var claim = new NpgsqlCommand(ClaimSql, connection);
            using var complete = new NpgsqlCommand(CompleteSql, connection);
            var ids = new NpgsqlParameter<long[]>("ids", Array.Empty<long>());
            complete.Parameters.Add(ids);
            claim.Prepare();
            while (true)
            {
                var claimed = new List<long>(Batch);
                using (var reader = claim.ExecuteReader())
                {
                    while (reader.Read())
                    {
                        claimed.Add(reader.GetInt64(0));
                    }
                }

                if (claimed.Count == 0)
                {
                    return;
                }

                ids.TypedValue = [.. claimed];
                complete.ExecuteNonQuery();
                Interlocked.Add(ref total, claimed.Count);
            }
        });
        return (total, clock.Elapsed.TotalSeconds);
    }

    private static void Execute(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        command.ExecuteNonQuery();
    }
}
