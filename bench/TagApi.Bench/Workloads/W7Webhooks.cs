using System.Diagnostics;
using Npgsql;
using TagApi.Bench.Data;
using TagApi.Bench.Engines;
using TagApi.Bench.Infrastructure;
using TagApi.Bench.Report;
using TagApi.Bench.Webhooks;
using TagApi.Core.Common;

namespace TagApi.Bench.Workloads;

/// <summary>
/// W7: webhook fan-out from the real server to ten loopback receivers (one slow, one failing half
/// the time): change→delivery latency at a paced 1k changes/s with and without the bad receivers
/// misbehaving, then the drain rate of one change on every customer (×10 deliveries) against a raw
/// SKIP LOCKED claim loop over the same number of rows.
/// </summary>
public static class W7Webhooks
{
    public const string Target = "≥ 20k deliveries/s; p99 change→delivery ≤ 100 ms at 1k changes/s; slow/failing receivers raise the others' p99 ≤ 10 %.";
    private const string ClientScopes = "tags:write customers:read customers:write webhooks:manage";
    private const int PacedPerSecond = 1_000;
    private const int PacedBatch = 20;
    private const int PacedSeconds = 10;
    private const int WarmUpSeconds = 30;

    // Calm and rough runs alternate in pairs (calm first, then rough first, …) so that neither always comes first
    // after the warm-up; every pair is reported.
    private const int Pairs = 3;
    private const int PeerWorkers = 4;

    public static Section Run(Dataset data, PostgresDatabase database, TagApiCli cli, string resultsDir) =>
        RunAsync(data, database, cli, resultsDir).GetAwaiter().GetResult();

    private static async Task<Section> RunAsync(Dataset data, PostgresDatabase database, TagApiCli cli, string resultsDir)
    {
        var section = new Section("W7", $"Webhook fan-out ({data.Customers:N0} customers, 10 receivers, PostgreSQL)", Target)
        {
            ShowThroughput = true,
            ThroughputUnit = "deliveries/s",
        };
        using var source = database.CreateDataSource();
        Forget(source);
        var customers = CustomerIds(source, data.TenantId);
        var (clientId, clientSecret) = cli.CreateClient(data.Target, PostgresLoader.TenantSlug, ClientScopes);
        var log = Path.Combine(resultsDir, "server-w7.log");
        await using var rig = await FanOutRig.StartAsync();

        using (var server = TagApiServer.Start(cli, data.Target, log, Settings(dispatcher: true)))
        using (var api = await BenchApiClient.SignInAsync(server.BaseAddress, clientId, clientSecret))
        {
            await CreateTagAsync(api, "w7_paced");
            await CreateTagAsync(api, "w7_fanout");
            for (var pair = 1; pair <= Pairs; pair++)
            {
                await CreateTagAsync(api, PacedTag(pair, bad: false));
                await CreateTagAsync(api, PacedTag(pair, bad: true));
            }

            await rig.SubscribeAsync(api);
            // Warm-up (JIT tiers, pools, the index) on customers the measured runs do not touch, adding with every
            // receiver healthy and then removing with the slow and failing ones misbehaving, so both write paths and
            // both outcome paths are warm, waiting each time for its deliveries. The server runs with tiered PGO (the
            // runtime's default): its instrumented tier needs the 30 s — after 10 s the first measured run still had
            // the JIT at work (server CPU nearly twice a later run's), so its p99 was not comparable with the others'.
            var spare = customers.Skip(PacedPerSecond * PacedSeconds).Take(PacedPerSecond * WarmUpSeconds / 2).ToList();
            if (spare.Count > 0)
            {
                var warmAdd = await PacedRunAsync(rig, api, source, spare, "w7_paced", add: true, bad: false, resultsDir);
                var warmRemove = await PacedRunAsync(rig, api, source, spare, "w7_paced", add: false, bad: true, resultsDir);
                var warm = warmAdd.Changes + warmRemove.Changes;
                section.Notes.Add($"Warm-up before the measured runs: {warm:N0} changes at {warm / (warmAdd.Seconds + warmRemove.Seconds):N0}/s (added with every receiver healthy, then removed again with the slow and failing ones misbehaving), not reported.");
                await QuiesceAsync(rig, source);
            }

            // Every measured run ADDS a tag of its own to the same customers: the calm and rough runs once compared
            // adding (calm) with removing (rough), which need not cost the same.
            var paced = customers.Take(PacedPerSecond * PacedSeconds).ToList();
            var runs = new List<(PacedRun Calm, PacedRun Rough)>();
            for (var pair = 1; pair <= Pairs; pair++)
            {
                var roughFirst = pair % 2 == 0;
                var first = await PacedRunAsync(rig, api, source, paced, PacedTag(pair, roughFirst), add: true, bad: roughFirst, resultsDir);
                await QuiesceAsync(rig, source);
                var second = await PacedRunAsync(rig, api, source, paced, PacedTag(pair, !roughFirst), add: true, bad: !roughFirst, resultsDir);
                await QuiesceAsync(rig, source);
                runs.Add(roughFirst ? (second, first) : (first, second));
            }

            section.Cases.Add(LatencyCase(runs));
        }

        section.Cases.Add(await DrainCaseAsync(rig, data, cli, log, source, customers, clientId, clientSecret, section.Notes));
        section.Notes.Add("Receivers are Kestrel apps in the harness process that record `webhook-id` and arrival time and drain the body without verifying it; the slow one answers after 200 ms, the failing one answers 500 to every other request.");
        section.Notes.Add($"Latency: arrival at the receiver minus the event's `OccurredAt` (written with the change, before its commit). Changes are batch assignments of {PacedBatch} customers every {PacedBatch * 1000 / PacedPerSecond} ms. The \"all healthy\" run has the slow and failing receivers answering normally, so both runs send the same number of deliveries. Every measured run adds its own tag to the same {PacedPerSecond * PacedSeconds:N0} customers; calm and rough runs alternate in {Pairs} pairs (calm first in odd pairs, rough first in even ones); before each run the previous one's leftovers (pending deliveries) are marked failed, the dispatcher gets 2 s to finish what it holds, the database is vacuumed and analysed (so autovacuum does not wake inside one run of a pair), and the harness, whose process holds the receivers, collects its own heap (so its gen2 collection does not stop them inside a run). Every run's arrivals are in `w7-arrivals-<tag>-<add|remove>.csv` beside this report.");
        section.Notes.Add($"Peer: {PeerWorkers} connections each looping `{SkipLockedPeer.ClaimSql.ReplaceLineEndings(" ")}` then marking the claimed ids delivered, over `{SkipLockedPeer.Table}` (`LIKE \"WebhookDeliveries\" INCLUDING INDEXES`) filled with as many rows as TagApi delivered — no HTTP at all, the database's floor.");
        return section;
    }

    private static string PacedTag(int pair, bool bad) => $"w7_p{pair}_{(bad ? "rough" : "calm")}";

    /// <summary>
    /// Between measured runs: what a rough run left behind (the slow receiver's backlog, the failing one's retries) is
    /// retired, so it is not delivered during the next run, and the dispatcher is given a moment to finish what it
    /// already holds. Done after calm runs too, so every run starts from the same quiet state. Then the database is
    /// vacuumed and analysed: each run updates 10,000 customers and 100,000 deliveries, and autovacuum otherwise woke
    /// in the middle of whichever run came fifth or sixth (seen in pair 3, calm or rough), taking CPU from that run only.
    /// </summary>
    private static async Task QuiesceAsync(FanOutRig rig, NpgsqlDataSource source)
    {
        rig.Reset(bad: false);
        await Task.Delay(TimeSpan.FromSeconds(2));
        // Only what the dispatcher does not hold: retiring rows it was recording outcomes for (the slow receiver's queue
        // emptying once it answers at once) deadlocked with its outcome write once. Anything it still holds is sent at once.
        using (var retire = source.CreateCommand("""
            UPDATE "WebhookDeliveries" SET "Status" = 'Failed', "CompletedAt" = now()
            WHERE "Status" = 'Pending' AND ("ClaimedUntil" IS NULL OR "ClaimedUntil" < now())
            """))
        {
            retire.ExecuteNonQuery();
        }

        using var vacuum = source.CreateCommand("VACUUM (ANALYZE)");
        vacuum.CommandTimeout = 600;
        vacuum.ExecuteNonQuery();

        // The receivers live in this process, and a blocking gen2 collection here (seen in half the rough runs, with the
        // failing receiver's extra arrivals) stops them for its length: a delay the arrival times would pin on TagApi.
        // Collected now, between runs, the next one starts with its gen2 budget intact.
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
    }

    private static async Task<PacedRun> PacedRunAsync(FanOutRig rig, BenchApiClient api, NpgsqlDataSource source, List<string> customers, string tag, bool add, bool bad, string resultsDir)
    {
        rig.Reset(bad);
        var after = FanOutRig.LastEventId(source);
        var (paused, gen0, gen2) = (GC.GetTotalPauseDuration(), GC.CollectionCount(0), GC.CollectionCount(2));
        var (changes, seconds) = await FanOutRig.PaceAsync(api, customers, tag, add, PacedPerSecond, PacedBatch);
        var settled = await rig.WaitForHealthyAsync(changes, TimeSpan.FromMinutes(3));
        var harnessGc = $"harness GC {(GC.GetTotalPauseDuration() - paused).TotalMilliseconds:N0} ms paused in {GC.CollectionCount(0) - gen0} collections, {GC.CollectionCount(2) - gen2} of them gen2";
        var occurred = FanOutRig.OccurredAt(source, after);
        FanOutRig.WriteArrivals(rig, occurred, Path.Combine(resultsDir, $"w7-arrivals-{tag}-{(add ? "add" : "remove")}.csv"));
        var run = new PacedRun(changes, seconds, settled,
            FanOutRig.Latencies(rig.Healthy, occurred), FanOutRig.Latencies([rig.Slow], occurred), FanOutRig.Latencies([rig.Failing], occurred));
        Log.Info($"W7 · paced ({(bad ? "slow + failing" : "all healthy")}, {tag}): {changes:N0} changes at {changes / seconds:N0}/s; healthy p99 {Timing.Format(new Timing(run.Healthy).P99Micros)}; {harnessGc}");
        return run;
    }

    private static CaseResult LatencyCase(List<(PacedRun Calm, PacedRun Rough)> runs)
    {
        var rates = string.Join("; ", runs.Select((r, i) =>
            $"pair {i + 1}: {r.Calm.Changes:N0} at {r.Calm.Changes / r.Calm.Seconds:N0}/s all healthy, {r.Rough.Changes:N0} at {r.Rough.Changes / r.Rough.Seconds:N0}/s slow + failing"));
        var result = new CaseResult("Change→delivery latency at 1k changes/s",
            $"{runs.Count} pairs of paced runs, each adding a tag of its own to the same customers, alternately calm first and rough first; {rates}; each change to 10 endpoints")
        {
            Throughput = false,
        };
        const string header = "p99 ÷ all-healthy p99";
        result.RatioColumns.Add(header);
        for (var i = 0; i < runs.Count; i++)
        {
            var (calm, rough) = runs[i];
            var order = i % 2 == 1 ? "rough ran first" : "calm ran first";
            var baseline = Add(result, $"TagApi, 8 healthy receivers — pair {i + 1} ({order}), all 10 healthy", calm.Healthy, calm.Settled);
            var other = Add(result, $"TagApi, 8 healthy receivers — pair {i + 1} ({order}), slow + failing present", rough.Healthy, rough.Settled);
            Ratio(other, baseline, header);
        }

        var calmAll = Add(result, "TagApi, 8 healthy receivers — every pair pooled, all 10 healthy", [.. runs.SelectMany(r => r.Calm.Healthy)], runs.All(r => r.Calm.Settled));
        var roughAll = Add(result, "TagApi, 8 healthy receivers — every pair pooled, slow + failing present", [.. runs.SelectMany(r => r.Rough.Healthy)], runs.All(r => r.Rough.Settled));
        Ratio(roughAll, calmAll, header);
        Add(result, "TagApi, slow receiver (first arrival of each event, every pair)", [.. runs.SelectMany(r => r.Rough.Slow)], true);
        Add(result, "TagApi, failing receiver (first arrival of each event, every pair)", [.. runs.SelectMany(r => r.Rough.Failing)], true);
        return result;
    }

    private static void Ratio(Figure? figure, Figure? baseline, string header)
    {
        if (figure is not null)
        {
            figure.Ratios[header] = figure.Timing is { } t && baseline?.Timing is { } b ? t.P99Micros / b.P99Micros : null;
        }
    }

    private static Figure? Add(CaseResult result, string subject, List<double> micros, bool settled)
    {
        var figure = micros.Count == 0
            ? Figure.Missing(subject, SubjectKind.TagApi, "nothing arrived")
            : new Figure(subject, SubjectKind.TagApi) { Timing = new Timing(micros), Result = micros.Count, Note = settled ? null : "timed out before all arrived" };
        result.Add("W7", figure);
        return figure;
    }

    private static async Task<CaseResult> DrainCaseAsync(
        FanOutRig rig, Dataset data, TagApiCli cli, string log, NpgsqlDataSource source, List<string> customers, string clientId, string clientSecret, List<string> notes)
    {
        // What the paced run left for the slow and failing receivers would compete with the fan-out; retire it first.
        using (var retire = source.CreateCommand("""UPDATE "WebhookDeliveries" SET "Status" = 'Failed', "CompletedAt" = now() WHERE "Status" = 'Pending'"""))
        {
            notes.Add($"Before the drain, {retire.ExecuteNonQuery():N0} deliveries still pending from the paced runs (the slow receiver's backlog, the failing one's retries) were marked failed.");
        }

        var after = FanOutRig.LastEventId(source);
        var written = Stopwatch.StartNew();
        using (var server = TagApiServer.Start(cli, data.Target, log, Settings(dispatcher: false)))
        using (var api = await BenchApiClient.SignInAsync(server.BaseAddress, clientId, clientSecret))
        {
            foreach (var chunk in customers.Chunk(1_000))
            {
                await api.AssignAsync(chunk, "w7_fanout", add: true);
            }
        }

        var events = FanOutRig.OccurredAt(source, after).Count;
        notes.Add($"Backlog: `w7_fanout` added to {customers.Count:N0} customers by {Math.Ceiling(customers.Count / 1000.0):N0} batch assignments with the dispatcher off — {events:N0} events and {events * 10:N0} deliveries written in {written.Elapsed.TotalSeconds:0.0} s ({events * 10 / written.Elapsed.TotalSeconds:N0} deliveries/s, server start included).");
        Log.Info($"W7 · backlog of {events * 10:N0} deliveries written in {written.Elapsed.TotalSeconds:0.0} s");

        rig.Reset(bad: true);
        bool settled;
        using (TagApiServer.Start(cli, data.Target, log, Settings(dispatcher: true)))
        {
            settled = await rig.WaitForHealthyAsync(events, TimeSpan.FromMinutes(20));
        }

        var arrivals = rig.Receivers.SelectMany(r => r.Arrivals).ToList();
        var first = arrivals.Min(a => a.AtTicks);
        var last = rig.Healthy.SelectMany(r => r.Arrivals).Max(a => a.AtTicks);
        var delivered = arrivals.Count(a => a.AtTicks <= last);
        var seconds = (last - first) / (double)TimeSpan.TicksPerSecond;
        Log.Info($"W7 · drain: {delivered:N0} deliveries in {seconds:0.0} s = {delivered / seconds:N0}/s");

        SkipLockedPeer.Prepare(source, data.TenantId, delivered);
        var (rows, peerSeconds) = SkipLockedPeer.Drain(source, PeerWorkers);
        Log.Info($"W7 · peer: {rows:N0} rows in {peerSeconds:0.0} s = {rows / peerSeconds:N0}/s");

        var result = new CaseResult("Fan-out drain", $"one change on each of {events:N0} customers → {events * 10:N0} deliveries; timed from the first arrival to the last healthy receiver's last (every attempt counted, slow and failing included)");
        var tagApi = new Figure("TagApi (HTTP) dispatcher", SubjectKind.TagApi) { Timing = new Timing([seconds * 1e6]), Result = delivered, Note = settled ? null : "timed out after 20 min" };
        var peer = new Figure(PeerLabel, SubjectKind.Peer) { Timing = new Timing([peerSeconds * 1e6]), Result = rows };
        result.Add("W7", tagApi);
        result.Add("W7", peer);
        const string header = "deliveries/s ÷ peer's";
        result.RatioColumns.Add(header);
        tagApi.Ratios[header] = delivered / seconds / (rows / peerSeconds);
        return result;
    }

    /// <summary>A database reused from an earlier run (<c>--reuse-data</c>) still holds that run's endpoints, deliveries and W7 tags.</summary>
    private static void Forget(NpgsqlDataSource source)
    {
        using var command = source.CreateCommand("""
            DELETE FROM "WebhookAttempts"; DELETE FROM "WebhookDeliveries"; DELETE FROM "WebhookEndpoints";
            DELETE FROM "TagAssignments" WHERE "TagId" IN (SELECT "Id" FROM "Tags" WHERE "Key" LIKE 'w7\_%');
            """);
        command.ExecuteNonQuery();
    }

    private static async Task CreateTagAsync(BenchApiClient api, string key)
    {
        try
        {
            await api.PostAsync("/v1/tags", new { key, name = key });
        }
        catch (HttpRequestException e) when (e.Message.StartsWith("409", StringComparison.Ordinal))
        {
            // Left by an earlier run on a reused database.
        }
    }

    private const string PeerLabel = "Raw SKIP LOCKED claim loop, batches of 100 (database floor)";

    private static Dictionary<string, string> Settings(bool dispatcher) => new()
    {
        ["Webhooks:AllowPrivateDestinations"] = "true",
        ["Webhooks:DispatcherEnabled"] = dispatcher ? "true" : "false",
    };

    private static List<string> CustomerIds(NpgsqlDataSource source, long tenantId)
    {
        var ids = new List<string>();
        using var command = source.CreateCommand("""SELECT "Id" FROM "Customers" WHERE "TenantId" = $1 ORDER BY "Id" """);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = tenantId });
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            ids.Add(PublicId.Encode(IdPrefixes.Customer, reader.GetInt64(0)));
        }

        return ids;
    }

    private sealed record PacedRun(int Changes, double Seconds, bool Settled, List<double> Healthy, List<double> Slow, List<double> Failing);
}
