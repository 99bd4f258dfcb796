using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using TagApi.Bench.Data;
using TagApi.Bench.Engines;
using TagApi.Bench.Infrastructure;
using TagApi.Bench.Report;

namespace TagApi.Bench.Workloads;

/// <summary>
/// W11: memory and cold start. A server started cold on the dataset is asked one count; the time to its first
/// (checked) answer, with the index build's phases. After warm-up: the index's own report (tags and attributes apart
/// from activity timelines) against the live heap it keeps alive (the server's heap after a forced full collection
/// with the index loaded, and again after it is evicted), RSS, bytes per customer. Peer: a binary COPY read of the
/// same rows — what any loader must at least pay to bring them into a process. The server as shipped is then restarted
/// from the snapshot of its index (W11Memory.Restart.cs).
/// </summary>
public static partial class W11Memory
{
    public const string Target = "report within ±20 % of the heap; ≤ 200 B/customer (tags + attributes, 10 tags each); first answer ≤ 5 s.";
    private const string Workload = "W11";
    private const int WarmUpQueries = 20;

    // The server's own GC settings (Server GC, no background GC, fixed gen0 budget: see its project file), then the
    // same with the GC asked to conserve memory, then Workstation GC: the figures the GC guidance in docs/scaling.md rests on.
    private static readonly (string Name, IReadOnlyDictionary<string, string> Environment)[] GcVariants =
    [
        ("as shipped", new Dictionary<string, string>()),
        ("ConserveMemory=5", new Dictionary<string, string> { ["DOTNET_GCConserveMemory"] = "5" }),
        ("Workstation GC", new Dictionary<string, string> { ["DOTNET_gcServer"] = "0" }),
    ];

    public static Section Run(Dataset data, PostgresDatabase database, TagApiCli cli, string outputDir)
    {
        var section = new Section(Workload, $"Memory and cold start ({data.Customers:N0} customers, PostgreSQL)", Target);
        var (tag, tagId) = data.TagIds.OrderBy(t => t.Value).First();
        var query = $"tag = '{tag}'";
        long expected;
        using (var source = database.CreateDataSource())
        {
            expected = Scalar(source, $"SELECT count(*) FROM \"TagAssignments\" WHERE \"TenantId\" = {data.TenantId} AND \"TagId\" = {tagId}");
            var activities = Scalar(source, $"SELECT count(*) FROM \"Activities\" WHERE \"TenantId\" = {data.TenantId}");
            section.Notes.Add($"The tenant: {data.Customers:N0} customers, {data.Assignments:N0} tag assignments ({data.Assignments / (double)data.Customers:N1} each), {activities:N0} activities.");
            section.Cases.Add(CopyPeer(source, data.TenantId, section));
        }

        foreach (var (variant, gc) in GcVariants)
        {
            RunServer(section, data, cli, outputDir, query, expected, variant, gc, restart: variant == GcVariants[0].Name);
        }

        return section;
    }

    private static void RunServer(
        Section section, Dataset data, TagApiCli cli, string outputDir, string query, long expected, string variant, IReadOnlyDictionary<string, string> gc, bool restart)
    {
        var name = $"server-w11-{section.Cases.Count}";
        var snapshots = FreshSnapshotDirectory(outputDir, name);
        var settings = new Dictionary<string, string>(gc) { ["Telemetry:MemoryDiagnostics"] = "true" };
        AddSnapshotSettings(settings, snapshots);
        using var server = TagApiServer.Start(cli, data.Target, Path.Combine(outputDir, $"{name}.log"), settings);
        using var diagnostics = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromMinutes(5) };
        using var http = new HttpSegmentEngine(Stage.HttpName, server.BaseAddress, data.ClientId, data.ClientSecret);
        var cold = Measure(diagnostics, server.ProcessId);

        var clock = Stopwatch.StartNew();
        var first = http.Count(query);
        var firstSeconds = clock.Elapsed.TotalSeconds;
        var answeredAt = DateTime.UtcNow;
        var firstCase = new CaseResult($"first answer, {variant}", $"`{query}` on a cold server: the first request builds the tenant's index") { Expected = expected, Throughput = false };
        firstCase.Add(Workload, new Figure("TagApi (HTTP) · time to first answer", SubjectKind.TagApi)
        {
            Timing = new Timing([firstSeconds * 1_000_000]),
            Result = first,
            AgreesWithFloor = first == expected,
        });
        section.Cases.Add(firstCase);

        for (var i = 0; i < WarmUpQueries; i++)
        {
            http.Count(query);
        }

        // The server writes the new index's snapshot at its first check: waiting for the file keeps that write out of the
        // heap measured below (the write holds the index it reads) and gives the restart its file.
        var snapshot = WaitForSnapshot(snapshots);

        using var indexReport = http.GetJson("/v1/segments/index");
        var reported = indexReport.RootElement.GetProperty("memoryBytes").GetInt64();
        var reportedActivities = indexReport.RootElement.TryGetProperty("activityMemoryBytes", out var a) ? a.GetInt64() : (long?)null;
        var warm = Measure(diagnostics, server.ProcessId);
        var evicted = Measure(diagnostics, server.ProcessId, evict: true);
        section.Notes.Add($"**{variant}**: first answer after {firstSeconds:N2} s ({Checked(first, expected)}); build phases: {Phases(warm.Json)}.");
        section.Notes.Add($"**{variant}**: " + MemoryNote(data.Customers, reported, reportedActivities, cold, warm, evicted));
        section.Notes.Add($"**{variant}**: GC {Gc(warm.Json)}.");
        if (restart)
        {
            RestartFromSnapshot(section, firstCase, data, cli, query, expected, variant, snapshot,
                new ColdServer(server, settings, snapshots, Path.Combine(outputDir, $"{name}-restart.log"), answeredAt));
        }
    }

    private static string MemoryNote(int customers, long reported, long? reportedActivities, Sample cold, Sample warm, Sample evicted)
    {
        var held = warm.Heap - evicted.Heap;
        var tagsAndAttributes = reported - (reportedActivities ?? 0);
        var ratio = held is > 0 ? reported / (double)held : double.NaN;
        var split = reportedActivities is { } r
            ? $"{tagsAndAttributes / (double)customers:N0} B/customer for tags + attributes, {r / (double)customers:N0} B/customer for activity timelines"
            : "no split reported by this build";
        return $"Index report `memoryBytes` {Mib(reported)} ({reported / (double)customers:N0} B/customer; {split}). " +
            $"Live heap after a full GC: cold {Mib(cold.Heap)}, index loaded {Mib(warm.Heap)}, after eviction {Mib(evicted.Heap)}: the index keeps " +
            $"{Mib(held)} alive ({held / (double)customers:N0} B/customer); report ÷ heap = {ratio:N2}. RSS: cold {ProcessMemory.Format(cold.Rss)}, " +
            $"loaded {ProcessMemory.Format(warm.Rss)} ({(warm.Rss is { } rss && warm.Heap > 0 ? rss / (double)warm.Heap : double.NaN):N2}× the live heap), " +
            $"after eviction {ProcessMemory.Format(evicted.Rss)}; peak {ProcessMemory.Format(warm.PeakRss)}.";
    }

    private static CaseResult CopyPeer(NpgsqlDataSource source, long tenantId, Section section)
    {
        var result = new CaseResult("binary COPY read", "The peer: the same rows (customers' indexed columns, assignments, activities) read by binary COPY, one after the other") { Throughput = false };
        var tables = new (string Name, string Sql)[]
        {
            ("customers", $"SELECT \"Id\", \"Type\", \"Gender\", \"BirthDate\", \"Country\", \"Region\", \"City\", \"Industry\", \"Source\", \"Locale\", \"CreatedAt\", \"TotalSpent\", \"OrderCount\", \"FirstOrderAt\", \"LastOrderAt\", \"LastActivityAt\", \"Attributes\", \"Version\" FROM \"Customers\" WHERE \"TenantId\" = {tenantId}"),
            ("assignments", $"SELECT \"CustomerId\", \"TagId\", \"Source\" FROM \"TagAssignments\" WHERE \"TenantId\" = {tenantId}"),
            ("activities", $"SELECT \"CustomerId\", \"Id\", \"Type\", \"Channel\", \"OccurredAt\", \"Amount\" FROM \"Activities\" WHERE \"TenantId\" = {tenantId}"),
        };
        double total = 0;
        long totalBytes = 0;
        var parts = new List<string>();
        foreach (var (name, sql) in tables)
        {
            var clock = Stopwatch.StartNew();
            using var connection = source.OpenConnection();
            using var copy = connection.BeginRawBinaryCopy($"COPY ({sql}) TO STDOUT (FORMAT BINARY)");
            var buffer = new byte[1 << 16];
            long bytes = 0;
            int read;
            while ((read = copy.Read(buffer)) > 0)
            {
                bytes += read;
            }

            total += clock.Elapsed.TotalSeconds;
            totalBytes += bytes;
            parts.Add($"{name} {clock.Elapsed.TotalSeconds:N2} s / {Mib(bytes)}");
        }

        result.Add(Workload, new Figure("binary COPY of the same rows", SubjectKind.Peer) { Timing = new Timing([total * 1_000_000]), Result = totalBytes });
        section.Notes.Add($"Binary COPY peer: {string.Join(", ", parts)}; {total:N2} s and {Mib(totalBytes)} in all.");
        return result;
    }

    private sealed record Sample(long Heap, long? Rss, long? PeakRss, JsonDocument Json);

    private static Sample Measure(HttpClient diagnostics, int pid, bool evict = false)
    {
        using var response = evict
            ? diagnostics.PostAsync("/diagnostics/memory/evict", content: null).GetAwaiter().GetResult()
            : diagnostics.GetAsync("/diagnostics/memory").GetAwaiter().GetResult();
        var memory = ProcessMemory.Read(pid);
        if (!response.IsSuccessStatusCode)
        {
            return new Sample(-1, memory.ResidentBytes, memory.PeakResidentBytes, JsonDocument.Parse("{}"));
        }

        var json = response.Content.ReadFromJsonAsync<JsonDocument>().GetAwaiter().GetResult()!;
        return new Sample(json.RootElement.GetProperty("liveHeapBytes").GetInt64(), memory.ResidentBytes, memory.PeakResidentBytes, json);
    }

    private static string Phases(JsonDocument json)
    {
        if (!json.RootElement.TryGetProperty("indexes", out var indexes) || indexes.GetArrayLength() == 0)
        {
            return "not reported by this build";
        }

        return string.Join(", ", indexes[0].GetProperty("buildPhases").EnumerateArray().Select(p =>
            $"{p.GetProperty("name").GetString()} {p.GetProperty("rows").GetInt64():N0} rows in {p.GetProperty("seconds").GetDouble():N2} s"));
    }

    private static string Gc(JsonDocument json) => json.RootElement.TryGetProperty("serverGc", out var server)
        ? string.Create(CultureInfo.InvariantCulture, $"{(server.GetBoolean() ? "Server" : "Workstation")}, {json.RootElement.GetProperty("latencyMode").GetString()}, " +
            $"committed {Mib(json.RootElement.GetProperty("committedBytes").GetInt64())}, fragmented {Mib(json.RootElement.GetProperty("fragmentedBytes").GetInt64())}, " +
            $"total pause {json.RootElement.GetProperty("totalPauseMilliseconds").GetDouble():N0} ms over gen0/1/2 = {json.RootElement.GetProperty("gen0Collections").GetInt32()}/" +
            $"{json.RootElement.GetProperty("gen1Collections").GetInt32()}/{json.RootElement.GetProperty("gen2Collections").GetInt32()} collections")
        : "not reported by this build";

    private static long Scalar(NpgsqlDataSource source, string sql)
    {
        using var command = source.CreateCommand(sql);
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static string Mib(long bytes) => ProcessMemory.Format(bytes);
}
