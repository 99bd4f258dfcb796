using System.Globalization;
using System.Text.Json;

namespace TagApi.Bench.Engines;

/// <summary>A TagApi server's garbage collection pauses over a window: how many, their median, p99 and longest, and by generation.</summary>
public sealed record GcPauseWindow(int Count, double MedianMs, double P99Ms, double MaxMs, double TotalMs, IReadOnlyDictionary<int, int> ByGeneration)
{
    public string Describe() => Count == 0
        ? "no garbage collection"
        : string.Create(CultureInfo.InvariantCulture,
            $"{Count} GC pauses (gen0/1/2 {ByGeneration.GetValueOrDefault(0)}/{ByGeneration.GetValueOrDefault(1)}/{ByGeneration.GetValueOrDefault(2)}): " +
            $"p50 {MedianMs:0.00} ms, p99 {P99Ms:0.00} ms, max {MaxMs:0.00} ms, {TotalMs:0} ms in all");
}

/// <summary>
/// Reads the pauses a server started with <c>Telemetry:MemoryDiagnostics</c> records from the runtime's GC events
/// (<c>GET /diagnostics/gc-pauses</c>): take <see cref="Mark"/> before a load, <see cref="Since"/> after it.
/// </summary>
public static class ServerGcPauses
{
    /// <summary>How many pauses the server has recorded so far; null when it serves no diagnostics.</summary>
    public static long? Mark(Uri server) => Read(server, 0)?.GetProperty("recorded").GetInt64();

    /// <summary>The pauses after <paramref name="mark"/>; null when the server serves no diagnostics.</summary>
    public static GcPauseWindow? Since(Uri server, long mark)
    {
        if (Read(server, mark) is not { } body)
        {
            return null;
        }

        var pauses = body.GetProperty("pauses").EnumerateArray()
            .Select(p => (Ms: p.GetProperty("milliseconds").GetDouble(), Generation: p.GetProperty("generation").GetInt32())).ToList();
        var sorted = pauses.Select(p => p.Ms).Order().ToArray();
        double At(double q) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        return new GcPauseWindow(sorted.Length, At(0.5), At(0.99), sorted.Length == 0 ? 0 : sorted[^1], sorted.Sum(),
            pauses.GroupBy(p => p.Generation).ToDictionary(g => g.Key, g => g.Count()));
    }

    private static JsonElement? Read(Uri server, long after)
    {
        try
        {
            using var http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromSeconds(30) };
            using var response = http.GetAsync(new Uri($"/diagnostics/gc-pauses?after={after}", UriKind.Relative)).GetAwaiter().GetResult();
            return response.IsSuccessStatusCode ? JsonDocument.Parse(response.Content.ReadAsStringAsync().GetAwaiter().GetResult()).RootElement.Clone() : null;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }
}
