using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;
using TagApi.Bench.Data;
using TagApi.Bench.Infrastructure;
using TagApi.Bench.Load;
using TagApi.Bench.Report;

namespace TagApi.Bench.Workloads;

/// <summary>
/// W4b: single writes under load — customer upsert, tag add, tag remove, activity record — through TagApi's REST API
/// and through a raw peer doing the same durable work per request, closed loop at 1, 8, 32 and 128 connections and open
/// loop at 1k and 5k requests/s, on PostgreSQL (with fsync and synchronous commit on for this workload) and on SQLite.
/// </summary>
public static class W4bWrites
{
    public const string Target = "≥ 50 % of the raw peer at 32 connections; p99 ≤ 20 ms paced at 1k/s; p50 ≤ 3 ms at 1 connection.";
    private const string Ratio = "TagApi ÷ peer";
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(5);
    // Customers given each remove run's tag beforehand: more than any run here reaches in its window.
    private const int PreTagged = 30_000;

    public static Section Run(Dataset data, PostgresDatabase database, TagApiCli cli, CustomerGenerator generator, W4bSelection selection, string workDir, string resultsDir)
    {
        var section = new Section("W4b", $"Single writes under load ({data.Customers:N0} customers)", Target) { ShowRequestRate = true };
        section.Notes.Add($"Closed loop: N workers each send the next write when the previous answer is read ({Warmup.TotalSeconds:0} s warm-up, {Duration.TotalSeconds:0} s measured). Paced: open loop, request n due at start + n / rate, latency from the due time (a server that falls behind pays for its queue), {Duration.TotalSeconds:0} s; the achieved rate counts right answers only.");
        section.Notes.Add($"Operations: `PUT /v1/customers/by-external-id/{{id}}` setting the name; `POST /v1/customers/{{id}}/tags` with `{{\"add\":[tag]}}` (a fresh tag per subject and point, so every add changes something; all writers of one point share the tag, as a campaign tagging many customers does), and with `{{\"remove\":[tag]}}` of a fresh tag given beforehand to the first {PreTagged:N0} customers of the list straight in the database (assignments and history lines), so every remove changes something too; `POST /v1/activities` with one interaction of a new external id. Each request writes the next customer of a shuffled list, so concurrent writers rarely meet on a customer.");
        section.Notes.Add("Peer: a minimal ASP.NET Core app on the same paths, no auth, writing TagApi's own tables by hand-written SQL in one transaction per request: the row change (assignment, customer, activity), the customer's version, the history row (`TagHistory`) or change-log row (`IndexChanges`), and the event row (`Events`; TagApi logs no event for an activity, so neither does the peer). On PostgreSQL one statement of data-modifying CTEs (one round trip); on SQLite one `BEGIN IMMEDIATE` transaction of prepared statements behind an in-process writer lock.");
        section.Notes.Add($"Load average at the start: {LoadAverage()}.");

        if (selection.Runs("postgres"))
        {
            MeasurePostgres(section, data, database, cli, selection, resultsDir);
        }

        if (selection.Runs("sqlite"))
        {
            try
            {
                MeasureSqlite(section, data.Customers, cli, generator, selection, workDir, resultsDir);
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException or HttpRequestException or SqliteException or IOException)
            {
                section.Notes.Add($"SQLite part failed: {e.Message}");
                Log.Info($"W4b: SQLite part failed: {e}");
            }
        }

        section.Notes.Add($"Load average at the end: {LoadAverage()}.");
        return section;
    }

    private static void MeasurePostgres(Section section, Dataset data, PostgresDatabase database, TagApiCli cli, W4bSelection selection, string resultsDir)
    {
        List<(long, string)> customers;
        using (var source = database.CreateDataSource())
        {
            customers = Customers(source.CreateCommand("""SELECT "Id", "ExternalId" FROM "Customers" WHERE "TenantId" = $1 ORDER BY hashint8("Id")"""), data.TenantId);
        }

        var settings = SetDurability(database.ConnectionString, on: true);
        section.Notes.Add($"PostgreSQL for this workload: {settings} (set with ALTER SYSTEM and pg_reload_conf() before, reset after).");
        try
        {
            using var rig = W4bRig.Start(data.Target, data.TenantId, cli, customers, resultsDir);
            Measure(section, rig, selection);
        }
        finally
        {
            var restored = SetDurability(database.ConnectionString, on: false);
            Log.Info($"W4b: PostgreSQL settings restored: {restored}");
        }
    }

    private static void MeasureSqlite(Section section, int customers, TagApiCli cli, CustomerGenerator generator, W4bSelection selection, string workDir, string resultsDir)
    {
        var sqlite = new SqliteLoader(generator, cli).Load(System.IO.Path.Combine(workDir, "w4b.db"), customers);
        List<(long, string)> sqliteCustomers;
        using (var connection = new SqliteConnection(sqlite.Target.ConnectionString))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"""SELECT "Id", "ExternalId" FROM "Customers" WHERE "TenantId" = {sqlite.TenantId} ORDER BY ("Id" * 2654435761) % 4294967296""";
            using var reader = command.ExecuteReader();
            sqliteCustomers = [];
            while (reader.Read())
            {
                sqliteCustomers.Add((reader.GetInt64(0), reader.GetString(1)));
            }
        }

        using (var rig = W4bRig.Start(sqlite.Target, sqlite.TenantId, cli, sqliteCustomers, resultsDir))
        {
            section.Notes.Add($"SQLite: TagApi on its default provider and the peer on the same file ({rig.PeerSettings}).");
            Measure(section, rig, selection);
        }
    }

    private static void Measure(Section section, W4bRig rig, W4bSelection selection)
    {
        var provider = rig.Provider == "Sqlite" ? "SQLite" : "PostgreSQL";
        var points = selection.Connections.Select(c => (Label: $"{c} conn", Connections: c, Rate: 0)).Concat(selection.Rates.Select(r => (Label: $"paced {r / 1000}k/s", Connections: 0, Rate: r))).ToList();
        var run = 0;
        // Tags of this run only: a database kept with --reuse-data holds the tags of earlier runs.
        var runTag = Guid.NewGuid().ToString("N")[..6];
        foreach (var operation in selection.Operations)
        {
            var summary = new List<string>();
            for (var p = 0; p < points.Count; p++)
            {
                var point = points[p];
                var result = new CaseResult($"{provider} · {operation} · {point.Label}", Describe(operation, point.Connections, point.Rate)) { TagApiQuery = Path(operation) };
                foreach (var tagApi in new[] { true, false })
                {
                    run++;
                    var start = operation is W4bOperation.TagAdd or W4bOperation.TagRemove ? 0 : run * 7_919;
                    string? tag = null;
                    if (operation is W4bOperation.TagAdd or W4bOperation.TagRemove)
                    {
                        tag = $"w4b_{runTag}_{rig.Provider.ToLowerInvariant()}_{(operation == W4bOperation.TagAdd ? "add" : "rm")}_{(tagApi ? "api" : "raw")}_{p}";
                        rig.CreateTag(tag);
                        if (operation == W4bOperation.TagRemove)
                        {
                            rig.PreTag(tag, PreTagged);
                        }
                    }

                    var name = tagApi ? $"TagApi REST ({provider})" : $"raw peer ({provider})";
                    var target = rig.Target(tagApi, operation, $"{rig.Provider}-{run}", start, tag);
                    Log.Info($"W4b · {provider} · {operation} · {point.Label} · {name}");
                    result.Add("W4b", Figure(name, tagApi, target, point.Connections, point.Rate, rig.Customers, operation == W4bOperation.TagRemove ? PreTagged : null));
                }

                var peer = result.Figures[1];
                result.AddRateRatio(Ratio, f => f.Kind == SubjectKind.TagApi ? peer : null);
                summary.Add(Verdict(result, point.Connections, point.Rate));
                section.Cases.Add(result);
            }

            section.Notes.Add($"{provider} {operation}: {string.Join("; ", summary.Where(s => s.Length > 0))}.");
        }
    }

    private static Figure Figure(string name, bool tagApi, LoadTarget target, int connections, int rate, int keys, int? changeable)
    {
        string NoOps(long sent) => changeable is { } k && sent > k ? $"; {sent - k:N0} requests went past the {k:N0} tagged customers (no-ops)" : "";
        var kind = tagApi ? SubjectKind.TagApi : SubjectKind.Peer;
        try
        {
            if (rate > 0)
            {
                var paced = PacedLoad.Run(target, rate, Duration);
                return new Figure(name, kind)
                {
                    Timing = paced.Latency, RequestsPerSecond = paced.Achieved, Errors = paced.Errors,
                    Note = $"target {rate:N0}/s, sent {paced.Sent:N0}" + NoOps(paced.Sent) + (paced.FirstError is null ? "" : "; first error: " + paced.FirstError),
                };
            }

            var counter = -1;
            var sequenced = target with { Request = _ => target.Request(Interlocked.Increment(ref counter)) };
            var load = ClosedLoopLoad.Run(sequenced, keys, connections, Warmup, Duration);
            return new Figure(name, kind)
            {
                Timing = load.Latency, RequestsPerSecond = load.RequestsPerSecond, Errors = load.Errors,
                Note = (load.FirstError is null ? "" : "first error: " + load.FirstError) + NoOps(counter + 1L),
            };
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return Report.Figure.Missing(name, kind, Report.Figure.Reason(e));
        }
    }

    private static string Verdict(CaseResult result, int connections, int rate)
    {
        var api = result.Figures[0];
        var peer = result.Figures[1];
        if (api.Timing is not { } t)
        {
            return "";
        }

        return (connections, rate) switch
        {
            (1, _) => $"p50 at 1 connection {Timing.Format(t.MedianMicros)} (target ≤ 3 ms)",
            (32, _) when api.RequestsPerSecond is { } a && peer.RequestsPerSecond is { } b && b > 0 => $"{a / b:0.00}× the peer at 32 connections (target ≥ 0.5)",
            (_, 1_000) => $"p99 paced at 1k/s {Timing.Format(t.P99Micros)} (target ≤ 20 ms) at {api.RequestsPerSecond:N0}/s achieved",
            _ => "",
        };
    }

    private static string Describe(W4bOperation operation, int connections, int rate) =>
        $"{operation} — " + (rate > 0 ? $"open loop at {rate:N0}/s" : $"closed loop, {connections} connection{(connections == 1 ? "" : "s")}");

    private static string Path(W4bOperation operation) => operation switch
    {
        W4bOperation.Upsert => "PUT /v1/customers/by-external-id/{externalId} {\"name\":…}",
        W4bOperation.TagAdd => "POST /v1/customers/{id}/tags {\"add\":[tag]}",
        W4bOperation.TagRemove => "POST /v1/customers/{id}/tags {\"remove\":[tag]}",
        _ => "POST /v1/activities {\"customer\":…,\"externalId\":…,\"type\":\"interaction\",\"channel\":\"web\"}",
    };

    private static List<(long, string)> Customers(NpgsqlCommand command, long tenantId)
    {
        using (command)
        {
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = tenantId });
            using var reader = command.ExecuteReader();
            var rows = new List<(long, string)>();
            while (reader.Read())
            {
                rows.Add((reader.GetInt64(0), reader.GetString(1)));
            }

            return rows;
        }
    }

    // The bench server runs without durability for the read workloads; single writes are measured with it.
    private static string SetDurability(string connectionString, bool on)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        foreach (var sql in on
                     ? new[] { "ALTER SYSTEM SET fsync = on", "ALTER SYSTEM SET synchronous_commit = on" }
                     : ["ALTER SYSTEM RESET fsync", "ALTER SYSTEM RESET synchronous_commit"])
        {
            using var command = new NpgsqlCommand(sql, connection);
            command.ExecuteNonQuery();
        }

        using (var reload = new NpgsqlCommand("SELECT pg_reload_conf()", connection))
        {
            reload.ExecuteScalar();
        }

        Thread.Sleep(500);
        using var fresh = new NpgsqlConnection(connectionString);
        fresh.Open();
        using var read = new NpgsqlCommand("SELECT string_agg(name || '=' || setting, ', ' ORDER BY name) FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes', 'wal_sync_method', 'commit_delay')", fresh);
        return (string)read.ExecuteScalar()!;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
