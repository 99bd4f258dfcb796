using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using TagApi.Bench.Data;
using TagApi.Bench.Engines;
using TagApi.Bench.Infrastructure;
using TagApi.Bench.Load;
using TagApi.Core.Common;

namespace TagApi.Bench.Workloads;

/// <summary>How W8's server answers: <c>Segments:Engine</c>, and <c>Fairness:ConcurrentRequests</c> (0: off).</summary>
public sealed record W8Mode(string Engine, int Turns)
{
    public string Label => Turns > 0 ? $"{Engine} + turns ({Turns})" : Engine;

    public string Settings => Turns > 0 ? $"Segments:Engine={Engine}, Fairness:ConcurrentRequests={Turns}" : $"Segments:Engine={Engine}";

    public string FileName => Turns > 0 ? $"{Engine.ToLowerInvariant()}-turns" : Engine.ToLowerInvariant();
}

/// <summary>What one W8 node measured in one mode: each phase's results by group, and the node's memory.</summary>
public sealed record W8Outcome(
    W8Mode Mode,
    IReadOnlyDictionary<string, IReadOnlyList<OperationResult>> Alone,
    IReadOnlyDictionary<string, IReadOnlyList<OperationResult>> Busy,
    W8Memory Memory,
    double WarmSeconds,
    double BigWarmSeconds,
    string BigIndex);

/// <summary>The node's tenant indexes after the run (from its Prometheus scrape) and its resident set.</summary>
public sealed record W8Memory(int LoadedIndexes, long IndexBytes, long Evictions, long? BudgetBytes, long? ResidentBytes);

/// <summary>
/// One TagApi server on the W8 database with the given <c>Segments:Engine</c> and memory budget: tokens for every
/// tenant, a warm-up that touches each small tenant and the big one, then the mixed load with the small tenants alone
/// and with the big tenant's clients beside them.
/// </summary>
public sealed class W8Node(TenantSet tenants, string tagKey, IReadOnlyList<string> queries)
{
    public const string SmallGroup = "small tenants";
    public const string BigGroup = "big tenant";
    public static readonly string[] Operations = ["read `GET /v1/customers/{id}`", "write `POST /v1/customers/{id}/tags`", "count `POST /v1/segments/query`"];

    public int Connections { get; init; } = 32;

    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(20);

    public W8Outcome Run(TagApiCli cli, DatabaseTarget target, W8Mode mode, int budgetMegabytes, string logPath)
    {
        var label = mode.Label;
        var metricsPort = TagApiServer.FreePort();
        using var server = TagApiServer.Start(cli, target, logPath, new Dictionary<string, string>
        {
            ["Segments:Engine"] = mode.Engine,
            ["Fairness:ConcurrentRequests"] = mode.Turns.ToString(CultureInfo.InvariantCulture),
            ["Segments:MemoryBudgetMegabytes"] = budgetMegabytes.ToString(CultureInfo.InvariantCulture),
            ["Telemetry:PrometheusPort"] = metricsPort.ToString(CultureInfo.InvariantCulture),
            ["Telemetry:PrometheusHost"] = "localhost",
            ["Telemetry:SampleSeconds"] = "1",

            // A thousand tenants sign in from one loopback address at the start.
            ["RateLimiting:Token:Address:Burst"] = "100000",
            ["RateLimiting:Token:Address:PerMinute"] = "100000",
        });
        var metrics = new Uri($"http://localhost:{metricsPort}/metrics");
        using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromMinutes(15) };
        var tokens = new Dictionary<long, string>();
        Parallel.ForEach(tenants.Small.Append(tenants.Big), new ParallelOptions { MaxDegreeOfParallelism = 8 }, t =>
        {
            var token = Token(http, t.ClientId, tenants.ClientSecret);
            lock (tokens)
            {
                tokens[t.TenantId] = token;
            }
        });

        // Every small tenant is touched once (its index loads in Index mode), then the big one (minutes at 10M).
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Parallel.ForEach(tenants.Small, new ParallelOptions { MaxDegreeOfParallelism = 8 }, t => Send(http, Count(t, tokens, queries[0])));
        var warm = clock.Elapsed.TotalSeconds;
        Log.Info($"W8 {label}: {tenants.Small.Count:N0} small tenants warmed in {warm:0.0} s");
        clock.Restart();
        Send(http, Count(tenants.Big, tokens, queries[0]));
        var bigWarm = clock.Elapsed.TotalSeconds;
        Log.Info($"W8 {label}: the big tenant warmed in {bigWarm:0.0} s");
        // In Sql mode the big tenant has no index to report, and asking for the report would build it.
        var bigIndex = mode.Engine == "Sql"
            ? $"no index built for the big tenant (counts answered by SQL); node RSS {ProcessMemory.Format(ProcessMemory.Read(server.ProcessId).ResidentBytes)}"
            : BigIndex(http, tokens[tenants.Big.TenantId], metrics, server.ProcessId);
        Log.Info($"W8 {label}: {bigIndex}");

        var small = Group(SmallGroup, server.BaseAddress, tenants.Small, tokens);
        var big = Group(BigGroup, server.BaseAddress, [tenants.Big], tokens);
        var alone = MixedLoad.Run([small], Warmup, Duration);
        Log.Info($"W8 {label}: small tenants alone measured");
        var busy = MixedLoad.Run([small, big], Warmup, Duration);
        Log.Info($"W8 {label}: small tenants beside the big one measured");
        return new W8Outcome(mode, alone, busy, Memory(metrics, server.ProcessId), warm, bigWarm, bigIndex);
    }

    private MixedGroup Group(string name, Uri address, IReadOnlyList<SmallTenant> members, Dictionary<long, string> tokens) =>
        new(name, address, Connections, Operations, random =>
        {
            var tenant = members[random.Next(members.Count)];
            var roll = random.Next(10);
            if (roll < 6)
            {
                var id = PublicId.Encode(IdPrefixes.Customer, tenant.CustomerIds[random.Next(tenant.CustomerIds.Length)]);
                return (0, Authorized(new HttpRequestMessage(HttpMethod.Get, "/v1/customers/" + id), tokens[tenant.TenantId]));
            }

            if (roll < 8)
            {
                var id = PublicId.Encode(IdPrefixes.Customer, tenant.CustomerIds[random.Next(tenant.CustomerIds.Length)]);
                var body = random.Next(2) == 0 ? new { add = new[] { tagKey } } : (object)new { remove = new[] { tagKey } };
                var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/customers/{id}/tags") { Content = Json(body) };
                return (1, Authorized(request, tokens[tenant.TenantId]));
            }

            return (2, Count(tenant, tokens, queries[random.Next(queries.Count)]));
        });

    private static HttpRequestMessage Count(SmallTenant tenant, Dictionary<long, string> tokens, string query) =>
        Authorized(new HttpRequestMessage(HttpMethod.Post, "/v1/segments/query") { Content = Json(new { query, limit = 0 }) }, tokens[tenant.TenantId]);

    private static W8Memory Memory(Uri metrics, int processId)
    {
        int loaded = 0;
        long bytes = 0, evictions = 0;
        long? budget = null;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        foreach (var line in http.GetStringAsync(metrics).GetAwaiter().GetResult().Split('\n'))
        {
            if (line.StartsWith('#') || line.Length == 0)
            {
                continue;
            }

            var value = (long)double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
            if (line.StartsWith("tagapi_index_memory_budget", StringComparison.Ordinal))
            {
                budget = value;
            }
            else if (line.StartsWith("tagapi_index_memory", StringComparison.Ordinal))
            {
                loaded++;
                bytes += value;
            }
            else if (line.StartsWith("tagapi_index_evictions", StringComparison.Ordinal))
            {
                evictions += value;
            }
        }

        return new W8Memory(loaded, bytes, evictions, budget, ProcessMemory.Read(processId).ResidentBytes);
    }

    /// <summary>The big tenant's index as the API reports it, with the node's RSS and GC heap, right after its warm-up.</summary>
    private static string BigIndex(HttpClient http, string token, Uri metrics, int processId)
    {
        using var request = Authorized(new HttpRequestMessage(HttpMethod.Get, "/v1/segments/index"), token);
        using var response = http.Send(request);
        using var json = JsonDocument.Parse(response.Content.ReadAsStream());
        var customers = json.RootElement.GetProperty("customers").GetInt64();
        var bytes = json.RootElement.GetProperty("memoryBytes").GetInt64();
        var gc = 0.0;
        foreach (var line in http.GetStringAsync(metrics).GetAwaiter().GetResult().Split('\n'))
        {
            if (line.StartsWith("dotnet_gc_last_collection_heap_size", StringComparison.Ordinal))
            {
                gc += double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
            }
        }

        var rss = ProcessMemory.Read(processId).ResidentBytes;
        return $"big tenant's index after its warm-up: {customers:N0} customers, memoryBytes {ProcessMemory.Format(bytes)} ({bytes / (double)Math.Max(1, customers):0.0} B per customer); node RSS {ProcessMemory.Format(rss)}, GC heap after its last collection {ProcessMemory.Format((long)gc)} (all tenants loaded so far)";
    }

    private static void Send(HttpClient http, HttpRequestMessage request)
    {
        using (request)
        using (var response = http.Send(request))
        {
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"{request.Method} {request.RequestUri} answered {(int)response.StatusCode}: {response.Content.ReadAsStringAsync().GetAwaiter().GetResult()}");
            }
        }
    }

    private static string Token(HttpClient http, string clientId, string secret)
    {
        using var response = http.Send(new HttpRequestMessage(HttpMethod.Post, "/connect/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret }),
        });
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(response.Content.ReadAsStream());
        return json.RootElement.GetProperty("access_token").GetString()!;
    }

    private static StringContent Json(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    private static HttpRequestMessage Authorized(HttpRequestMessage request, string token)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }
}
