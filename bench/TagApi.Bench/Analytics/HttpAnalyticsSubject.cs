using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using TagApi.Bench.Engines;

namespace TagApi.Bench.Analytics;

/// <summary>
/// TagApi's analytics over its public REST API (PRODUCT.md §8), as a dashboard would call it: a client-credentials
/// token with <c>analytics:read</c>, then one GET per answer over a kept-alive loopback connection.
/// </summary>
public sealed class HttpAnalyticsSubject : IAnalyticsSubject
{
    private readonly HttpClient _http;
    private readonly BearerToken _token;

    public HttpAnalyticsSubject(string name, Uri baseAddress, string clientId, string clientSecret)
    {
        Name = name;
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan }) { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(5) };
        _token = new BearerToken(_http, clientId, clientSecret);
    }

    public string Name { get; }

    public AnalyticsAnswer Distribution(DateTime since)
    {
        using var json = Get("/v1/analytics/tags");
        var root = json.RootElement;
        return AnalyticsAnswer.Distribution(
            root.GetProperty("totalCustomers").GetInt64(),
            root.GetProperty("tags").EnumerateArray().Select(t => (
                t.GetProperty("tag").GetProperty("key").GetString()!, t.GetProperty("holders").GetInt64(), t.GetProperty("byRule").GetInt64(),
                t.GetProperty("added30d").GetInt64(), t.GetProperty("removed30d").GetInt64())).ToList(),
            root.GetProperty("categories").EnumerateArray().Select(c => (c.GetProperty("category").GetProperty("key").GetString()!, c.GetProperty("covered").GetInt64())).ToList(),
            root.GetProperty("computedAt").GetDateTime().ToUniversalTime());
    }

    public AnalyticsAnswer Overlap(IReadOnlyList<string> keys)
    {
        using var json = Get($"/v1/analytics/tag-overlap?tags={string.Join(',', keys)}");
        var counts = json.RootElement.GetProperty("counts").EnumerateArray().Select(row => row.EnumerateArray().Select(c => c.GetInt64()).ToArray()).ToArray();
        return AnalyticsAnswer.Overlap(keys, (i, j) => counts[i][j]);
    }

    public AnalyticsAnswer Trend(string key, DateTime from, DateTime to)
    {
        using var json = Get($"/v1/analytics/tags/{key}/trend?interval=day&from={Time(from)}&to={Time(to)}");
        return AnalyticsAnswer.Trend(json.RootElement.GetProperty("points").EnumerateArray().Select(p => (
            p.GetProperty("start").GetDateTime().ToUniversalTime(), p.GetProperty("added").GetInt64(), p.GetProperty("removed").GetInt64(), p.GetProperty("holders").GetInt64())).ToList());
    }

    public void Dispose() => _http.Dispose();

    private static string Time(DateTime utc) => Uri.EscapeDataString(utc.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));

    private JsonDocument Get(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = _token.Header();
        using var response = _http.Send(request);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode}: {response.Content.ReadAsStringAsync().GetAwaiter().GetResult()}");
        }

        return JsonDocument.Parse(response.Content.ReadAsStream());
    }

}
