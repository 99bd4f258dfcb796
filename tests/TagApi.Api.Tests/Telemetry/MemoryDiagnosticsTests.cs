using System.Net;
using System.Text.Json.Nodes;
using TagApi.Api.Tests.Infrastructure;

namespace TagApi.Api.Tests.Telemetry;

/// <summary>A node with <c>Telemetry:MemoryDiagnostics</c> on.</summary>
public sealed class MemoryDiagnosticsSqliteFactory : TagApiFactoryOnSqlite
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings => [new("Telemetry:MemoryDiagnostics", "true")];
}

/// <summary>
/// The diagnostics a benchmark reads: every garbage collection's pause with its generation (none missed), and the
/// live heap with each loaded index — and none of it served where the setting is off.
/// </summary>
public sealed class MemoryDiagnosticsTests(MemoryDiagnosticsSqliteFactory factory) : IClassFixture<MemoryDiagnosticsSqliteFactory>
{
    [Fact]
    public async Task Every_collection_after_a_point_is_listed_with_its_pause_and_generation()
    {
        using var http = factory.CreateClient();
        var before = (await GetAsync(http, "/diagnostics/gc-pauses"))["recorded"]!.GetValue<long>();

        GC.Collect(0, GCCollectionMode.Forced, blocking: true);
        GC.Collect(2, GCCollectionMode.Forced, blocking: true);
        GC.Collect(0, GCCollectionMode.Forced, blocking: true);

        // The runtime hands its events to listeners on a thread of its own, a moment later.
        var after = await Eventually.WaitForAsync(
            () => GetAsync(http, $"/diagnostics/gc-pauses?after={before}"), p => p["pauses"]!.AsArray().Count >= 3);
        var pauses = after["pauses"]!.AsArray().Select(p => p!).ToList();
        Assert.Equal(pauses.Select(p => p["number"]!.GetValue<long>()), Enumerable.Range(0, pauses.Count).Select(i => before + i));
        Assert.Contains(pauses, p => p["generation"]!.GetValue<int>() == 2);
        Assert.All(pauses, p => Assert.InRange(p["milliseconds"]!.GetValue<double>(), 0, 10_000));
        Assert.Equal(before + pauses.Count, after["recorded"]!.GetValue<long>());
    }

    [Fact]
    public async Task The_memory_report_lists_the_heap_and_the_loaded_indexes()
    {
        var api = await factory.CreateTenantAsync();
        await api.PostAsync("/v1/segments/query", new { query = "true", limit = 0 });
        using var http = factory.CreateClient();

        var memory = await GetAsync(http, "/diagnostics/memory");

        Assert.True(memory["liveHeapBytes"]!.GetValue<long>() > 0);
        Assert.Contains(memory["indexes"]!.AsArray(), i => i!["tenantId"]!.GetValue<long>() == api.TenantId);
    }

    [Fact]
    public async Task Without_the_setting_no_diagnostics_are_served()
    {
        await using var plain = new SqliteTagApiFactory();
        using var http = plain.CreateClient();

        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri("/diagnostics/gc-pauses", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri("/diagnostics/memory", UriKind.Relative))).StatusCode);
    }

    private static async Task<JsonNode> GetAsync(HttpClient http, string url)
    {
        using var response = await http.GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }
}
