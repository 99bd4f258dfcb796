using System.Diagnostics;
using Npgsql;
using TagApi.Bench.Data;
using TagApi.Bench.Engines;
using TagApi.Bench.Infrastructure;
using TagApi.Bench.Ingestion;
using TagApi.Bench.Report;

namespace TagApi.Bench.Workloads;

/// <summary>
/// W4: loading a shop's customers, their tags and their activities through the public bulk jobs over HTTP, into a fresh
/// database with TagApi's logged, indexed tables — beside raw Npgsql binary COPY of the same rows into the same empty
/// tables, and EF Core SaveChanges batches (for a time budget) — then single assignments over REST at a paced rate, and
/// segment.tag over every customer of the main dataset.
/// </summary>
public static class W4Ingestion
{
    public const string Target = "each import ≥ 40 % of raw COPY and ≥ 20× EF SaveChanges batches; single assign p99 ≤ 3 ms at 5k/s; segment.tag ≥ 100k customers/s.";
    private const string Scopes = "customers:read customers:write activities:write tags:read tags:write segments:read";
    private const string TagApiName = "TagApi bulk job (HTTP)";
    private const string CopyName = "raw Npgsql binary COPY";
    private const string EfName = "EF Core SaveChanges ×1,000";
    private const int PacedRate = 5_000;
    private static readonly TimeSpan PacedLength = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan EfBudget = TimeSpan.FromSeconds(20);
    private static readonly string[] Tables = ["Customers", "TagAssignments", "Activities"];

    public static Section Run(BenchOptions options, Dataset main, TagApiCli cli, CustomerGenerator generator, PostgresLoader loader, string workDir) =>
        RunAsync(options, main, cli, generator, loader, workDir).GetAwaiter().GetResult();

    private static async Task<Section> RunAsync(BenchOptions options, Dataset main, TagApiCli cli, CustomerGenerator generator, PostgresLoader loader, string workDir)
    {
        var n = options.W4Customers;
        var section = new Section("W4", $"Ingestion ({n:N0} customers, ~10 tags and 10 activities each, PostgreSQL)", Target) { ShowThroughput = true, ThroughputUnit = "rows/s" };
        if (options.W4Only != "segment-tag")
        {
            await ImportCasesAsync(options, section, cli, generator, loader, workDir);
        }

        if (options.W4Only != "imports")
        {
            section.Cases.Add(await SegmentTagCaseAsync(main, cli, options.OutputDir, section.Notes));
        }

        return section;
    }

    // The three imports beside their peers, then the paced single assignments on the imported data.
    private static async Task ImportCasesAsync(BenchOptions options, Section section, TagApiCli cli, CustomerGenerator generator, PostgresLoader loader, string workDir)
    {
        var n = options.W4Customers;
        var set = new IngestSet(generator, n, options.Seed);
        var clock = Stopwatch.StartNew();
        var files = set.WriteFiles(workDir);
        section.Notes.Add($"Upload files written in {clock.Elapsed.TotalSeconds:N1} s (not timed): customers {Size(files.Customers)}, assignments {Size(files.Assignments)}, activities {Size(files.Activities)} of NDJSON.");

        // The peers first, into a database of their own with the same schema: EF for its budget, then emptied, then COPY.
        var peerDb = new PostgresDatabase(options.Postgres, "tagapi_bench_w4_peer");
        var peer = Prepare(peerDb, cli);
        Log.Info($"W4: EF Core batches, {EfBudget.TotalSeconds:N0} s per table");
        var ef = EfBatchPeer.Run(peerDb.ConnectionString, set, peer.TenantId, peer.ClientId, peer.TagIdByIndex, EfBudget);
        var copy = RawCopy(peerDb, loader, set, peer);

        // TagApi: a fresh database, its own server, the three uploads one after the other.
        var apiDb = new PostgresDatabase(options.Postgres, "tagapi_bench_w4");
        var api = Prepare(apiDb, cli);
        var settings = ServerSettings();
        settings["BulkJobs:MaxUploadBytes"] = (8L << 30).ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var server = TagApiServer.Start(cli, apiDb.Target, Path.Combine(options.OutputDir, "server-w4.log"), settings);
        using var client = new JobClient(server.BaseAddress, api.ClientId, api.ClientSecret);
        await client.SignInAsync();
        var jobs = new List<JobRun>();
        foreach (var (kind, file) in new[] { ("customers.import", files.Customers), ("tag-assignments.import", files.Assignments), ("activities.import", files.Activities) })
        {
            Log.Info($"W4: {kind} through the bulk job API");
            jobs.Add(await client.ImportAsync(kind, file));
        }

        var loaded = Counts(apiDb);
        var copied = Counts(peerDb);
        string[] names = ["customers", "tag assignments", "activities"];
        string[] kinds = ["customers.import", "tag-assignments.import", "activities.import"];
        for (var i = 0; i < 3; i++)
        {
            var job = jobs[i];
            var result = new CaseResult($"import {names[i]}", $"{names[i]} of {n:N0} customers into an empty indexed table") { TagApiQuery = $"POST /v1/bulk-jobs?kind={kinds[i]}" };
            var note = $"upload stored in {job.StartSeconds:N1} s, run {job.RunSeconds:N1} s (server's startedAt → finishedAt); {loaded[i]:N0} rows in the table"
                + (job.Errors > 0 ? $"; {job.Errors:N0} lines refused, first: {job.FirstError}" : "");
            result.Add("W4", Throughput(TagApiName, SubjectKind.TagApi, job.Processed - job.Errors, job.Seconds, note));
            result.Add("W4", Throughput(CopyName, SubjectKind.Peer, copy[i].Rows, copy[i].Seconds, $"{copied[i]:N0} rows in the table"));
            var efStep = i switch { 0 => ef.Customers, 1 => ef.Assignments, _ => ef.Activities };
            result.Add("W4", Throughput(EfName, SubjectKind.Peer, efStep.Rows, efStep.Seconds, $"time-budgeted: {efStep.Rows:N0} rows in {efStep.Seconds:N1} s"));
            result.AddRateRatio("TagApi ÷ raw COPY", f => f.Kind == SubjectKind.TagApi ? result.Figures[1] : null);
            result.AddRateRatio("TagApi ÷ EF", f => f.Kind == SubjectKind.TagApi ? result.Figures[2] : null);
            section.Cases.Add(result);
        }

        section.Cases.Add(await PacedCaseAsync(client, set, server.BaseAddress, section.Notes));
        server.Dispose();
        section.Notes.Add($"Peers: both in a second database with the same migrations, tenant and tags. EF Core: a plain DbContext over the same tables, {EfBatchPeer.Batch:N0} entities per SaveChanges with a fresh context each, {EfBudget.TotalSeconds:N0} s per table (its rows/s is what it reached in that time); then the tables were emptied (TRUNCATE … RESTART IDENTITY) and binary COPY loaded all the rows, one COPY per table, into the empty indexed tables. COPY writes the rows only; the jobs also write each customer's history, events, the index-change log and metrics, as single writes do.");
        section.Notes.Add("TagApi: each job's figure runs from the first byte of the upload to the poll (every 100 ms) that sees it succeeded; the server started cold for the customers import (its JIT warms during it).");
    }

    private static long TagIdOf(Dataset main, string key)
    {
        using var connection = new NpgsqlConnection(main.Target.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand("""SELECT "Id" FROM "Tags" WHERE "TenantId" = $1 AND "Key" = $2""", connection);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = main.TenantId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key });
        return (long)command.ExecuteScalar()!;
    }

    private static Dictionary<string, string> ServerSettings()
    {
        var settings = new Dictionary<string, string>();
        if (Environment.GetEnvironmentVariable("TAGAPI_BENCH_SQL_LOG") == "1")
        {
            // For profiling only (bench/README.md): every EF command with its time in the server's log; the figures then include the logging.
            settings["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"] = "Information";
        }

        return settings;
    }

    private sealed record Prepared(long TenantId, string ClientId, string ClientSecret, long[] TagIdByIndex);

    private static Prepared Prepare(PostgresDatabase database, TagApiCli cli)
    {
        Log.Info($"W4: creating database {database.Name}");
        database.Recreate();
        cli.Migrate(database.Target);
        cli.CreateTenant(database.Target, PostgresLoader.TenantSlug);
        var (clientId, secret) = cli.CreateClient(database.Target, PostgresLoader.TenantSlug, Scopes);
        using var connection = new NpgsqlConnection(database.ConnectionString);
        connection.Open();
        using var tenant = new NpgsqlCommand($"SELECT \"Id\" FROM \"Tenants\" WHERE \"Slug\" = '{PostgresLoader.TenantSlug}'", connection);
        var tenantId = (long)tenant.ExecuteScalar()!;
        var tags = TagWriter.Insert(connection, tenantId, DateTime.UtcNow);
        return new Prepared(tenantId, clientId, secret, [.. TagCatalog.All.Select(t => tags[t.Key])]);
    }

    private static List<LoadStep> RawCopy(PostgresDatabase database, PostgresLoader loader, IngestSet set, Prepared peer)
    {
        using var connection = new NpgsqlConnection(database.ConnectionString);
        connection.Open();
        PostgresLoader.Execute(connection, """TRUNCATE "Activities", "TagAssignments", "Customers" RESTART IDENTITY CASCADE""");
        Log.Info("W4: raw binary COPY");
        var clock = Stopwatch.StartNew();
        loader.CopyCustomers(connection, peer.TenantId, set.Customers, new DateTime[set.Customers]);
        var customers = new LoadStep("COPY customers", set.Customers, clock.Elapsed.TotalSeconds);
        clock.Restart();
        var assignments = set.CopyAssignments(connection, peer.TenantId, peer.ClientId, peer.TagIdByIndex, set.Customers);
        var assignmentStep = new LoadStep("COPY assignments", assignments, clock.Elapsed.TotalSeconds);
        clock.Restart();
        var activities = set.CopyActivities(connection, peer.TenantId, set.Customers);
        return [customers, assignmentStep, new LoadStep("COPY activities", activities, clock.Elapsed.TotalSeconds)];
    }

    private static long[] Counts(PostgresDatabase database)
    {
        using var connection = new NpgsqlConnection(database.ConnectionString);
        connection.Open();
        return [.. Tables.Select(table =>
        {
            using var command = new NpgsqlCommand($"SELECT count(*) FROM \"{table}\"", connection) { CommandTimeout = 600 };
            return (long)command.ExecuteScalar()!;
        })];
    }

    private static Figure Throughput(string subject, SubjectKind kind, long rows, double seconds, string note) =>
        new(subject, kind) { Timing = new Timing([seconds * 1e6]), Result = rows, RequestsPerSecond = seconds > 0 ? rows / seconds : null, Note = note };

    private static string Size(string file) => ProcessMemory.Format(new FileInfo(file).Length);

    private static async Task<CaseResult> PacedCaseAsync(JobClient client, IngestSet set, Uri server, List<string> notes)
    {
        var result = new CaseResult("single assign, paced", "one POST /v1/tag-assignments adding one tag to one customer, open loop") { Throughput = false, TagApiQuery = "POST /v1/tag-assignments {\"add\":[{\"externalId\":…,\"tag\":…}]}" };
        var ids = set.ExternalIds();
        foreach (var key in new[] { "w4_paced", "w4_paced_hold" })
        {
            await client.PostJsonAsync("/v1/tags", new { key, name = key });
        }

        var auth = client.Http.DefaultRequestHeaders.Authorization!;
        // A short warm-up on customers the measured runs do not touch, so the JIT's work is not in the first run.
        var spare = Math.Min(ids.Count / 4, 5_000);
        await PacedAssignments.RunAsync(server, auth, ids.GetRange(ids.Count - spare, spare), "w4_paced_hold", 1_000, TimeSpan.FromSeconds(5));
        var full = await PacedAssignments.RunAsync(server, auth, ids, "w4_paced", PacedRate, PacedLength);
        result.Add("W4", Paced(full));
        if (full.Achieved < PacedRate * 0.95)
        {
            var hold = Math.Max(250, (int)(full.Achieved * 0.6 / 250) * 250);
            var held = await PacedAssignments.RunAsync(server, auth, ids.GetRange(ids.Count / 2, ids.Count / 2 - spare), "w4_paced_hold", hold, PacedLength);
            result.Add("W4", Paced(held));
        }

        notes.Add("Paced single assignments: latency counted from each request's due time (open loop, at most 256 in flight), so a server that cannot keep the pace shows its queue in p50/p99; the figure's note gives the rate achieved and the latency from the actual send. When 5,000/s was not reached, a second run at a pace the machine held (60 % of what it achieved) follows.");
        return result;
    }

    private static Figure Paced(PacedResult run)
    {
        if (run.FromDueMicros.Count == 0)
        {
            return Figure.Missing($"TagApi (HTTP) at {run.Target:N0}/s", SubjectKind.TagApi, "failed: " + run.FirstFailure);
        }

        var send = new Timing(run.FromSendMicros);
        var figure = new Figure($"TagApi (HTTP) paced at {run.Target:N0}/s", SubjectKind.TagApi)
        {
            Timing = new Timing(run.FromDueMicros), Result = run.Sent - run.Failed, RequestsPerSecond = run.Achieved, Errors = run.Failed,
            Note = $"achieved {run.Achieved:N0}/s; from send p50 {Timing.Format(send.MedianMicros)}, p99 {Timing.Format(send.P99Micros)}" + (run.Failed > 0 ? $"; {run.Failed:N0} failed, first: {run.FirstFailure}" : ""),
        };
        Log.Info($"W4 · paced {run.Target}/s: achieved {run.Achieved:N0}/s, p50 {Timing.Format(figure.Timing.MedianMicros)}, p99 {Timing.Format(figure.Timing.P99Micros)} (from due); {figure.Note}");
        return figure;
    }

    private static async Task<CaseResult> SegmentTagCaseAsync(Dataset main, TagApiCli cli, string outputDir, List<string> notes)
    {
        var result = new CaseResult("segment.tag", $"add one tag to every customer of the main dataset ({main.Customers:N0})") { TagApiQuery = "POST /v1/bulk-jobs {\"kind\":\"segment.tag\",\"query\":\"true\",…}" };
        var (clientId, secret) = cli.CreateClient(main.Target, PostgresLoader.TenantSlug, Scopes);
        using var server = TagApiServer.Start(cli, main.Target, Path.Combine(outputDir, "server-w4-segment.log"), ServerSettings());
        using var client = new JobClient(server.BaseAddress, clientId, secret);
        await client.SignInAsync();
        // A tag of its own per run, so on reused data the add still changes every customer.
        var tag = $"w4_segment_{DateTime.UtcNow:yyyyMMddHHmmss}";
        await client.PostJsonAsync("/v1/tags", new { key = tag, name = tag });

        // The tenant's index is built first, as on a node that serves the tenant: the job measures the tagging, not a
        // cold start (W11's); and before the peer, so the build's reads do not slow the peer's COPY.
        var clock = Stopwatch.StartNew();
        await client.PostJsonAsync("/v1/segments/query", new { query = "true", limit = 0 });
        Log.Info($"W4: index loaded in {clock.Elapsed.TotalSeconds:N1} s; segment.tag's peer, raw binary COPY of the same assignment rows");
        var copy = SegmentTagCopyPeer.Run(main.Target.ConnectionString, main.TenantId, TagIdOf(main, tag), clientId);
        Log.Info($"W4: segment.tag add over {main.Customers:N0} customers");
        var job = await client.StartAsync(new { kind = "segment.tag", query = "true", tag, op = "add" });
        result.Add("W4", Throughput("TagApi segment.tag add (HTTP)", SubjectKind.TagApi, job.Processed, job.Seconds,
            $"members taken and stored in {job.StartSeconds:N1} s, run {job.RunSeconds:N1} s; result {job.Result?.ToJsonString()}"));
        result.Add("W4", Throughput(CopyName, SubjectKind.Peer, copy.Rows, copy.Seconds, "the assignment rows alone, one COPY, then deleted again"));
        result.AddRateRatio("TagApi ÷ raw COPY", f => f.Kind == SubjectKind.TagApi ? result.Figures[1] : null);
        Log.Info($"W4: segment.tag: {job.Processed / job.Seconds:N0} customers/s (start {job.StartSeconds:N1} s, run {job.RunSeconds:N1} s); raw COPY {copy.RowsPerSecond:N0} rows/s");

        // The tag goes again, so reused data keeps the assignments W1–W3 were generated with: a tag-wide change of its own.
        clock.Restart();
        await client.DeleteAsync($"/v1/tags/{tag}");
        Log.Info($"W4: DELETE /v1/tags/{tag} (held by {job.Processed:N0}) in {clock.Elapsed.TotalSeconds:N1} s");
        notes.Add($"Deleting the segment.tag's tag afterwards (`DELETE /v1/tags/…`, every holder loses it with history and an event, in one transaction) took {clock.Elapsed.TotalSeconds:N1} s for {job.Processed:N0} holders.");
        notes.Add("segment.tag: the tenant's index loaded first (one count); then the members of `true` (every customer) taken from the index when the job starts, each chunk's tag changes decided by the single-write path and written set-based, with history, events and the index-change log; the rows/s column is customers/s. The tag is deleted afterwards. Its peer: one raw binary COPY of the same assignment rows (the tag for every customer) into the same table, nothing else, timed, then deleted before the job.");
        return result;
    }
}
