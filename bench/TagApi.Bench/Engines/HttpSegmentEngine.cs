using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using TagApi.Core.Common;

namespace TagApi.Bench.Engines;

/// <summary>
/// TagApi over its public REST API, as an integrator sees it: a bearer token from
/// <c>/connect/token</c>, then one request per call over a kept-alive loopback connection.
/// Public customer ids (<c>cus_…</c>) are decoded back to internal ids so results can be compared
/// with the peers'.
/// </summary>
public sealed partial class HttpSegmentEngine : ISegmentEngineUnderTest
{
    private readonly HttpClient _http;
    private readonly BearerToken _token;
    private readonly HashSet<string> _savedSegments = [];

    public HttpSegmentEngine(string name, Uri baseAddress, string clientId, string clientSecret)
    {
        Name = name;
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan, MaxConnectionsPerServer = 4 })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromMinutes(10),
        };
        _token = new BearerToken(_http, clientId, clientSecret);
        // Signed in at once, so a wrong client fails the set-up rather than the first timed call.
        _token.Header();
    }

    public string Name { get; }

    public long Count(string query)
    {
        using var json = PostQuery(query, HttpContract.CountLimit, cursor: null);
        return json.RootElement.GetProperty("count").GetInt64();
    }

    /// <summary>The tenant's index as <c>GET /v1/segments/index</c> reports it: customers and memory in bytes.</summary>
    public (long Customers, long MemoryBytes) IndexStats()
    {
        using var response = Send(HttpMethod.Get, "/v1/segments/index", content: null);
        using var json = JsonDocument.Parse(response.Content.ReadAsStream());
        return (json.RootElement.GetProperty("customers").GetInt64(), json.RootElement.GetProperty("memoryBytes").GetInt64());
    }

    public SegmentPage Page(string query, string? cursor, int limit)
    {
        using var json = PostQuery(query, limit, cursor);
        var ids = new List<long>(limit);
        foreach (var item in json.RootElement.GetProperty("data").EnumerateArray())
        {
            ids.Add(CustomerId(item.GetProperty("id").GetString()));
        }

        var next = json.RootElement.TryGetProperty("nextCursor", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
        return new SegmentPage(ids, next);
    }

    /// <summary>
    /// One authenticated round trip that does no segment work (<c>GET /healthz</c> with the bearer
    /// token): the transport's own share of every HTTP figure.
    /// </summary>
    public long RoundTrip()
    {
        using var response = Send(HttpMethod.Get, "/healthz", content: null);
        return (long)response.StatusCode;
    }

    public void Dispose() => _http.Dispose();

    private JsonDocument PostQuery(string query, int limit, string? cursor)
    {
        var body = new Dictionary<string, object> { ["query"] = query, ["limit"] = limit };
        if (cursor is not null)
        {
            body["cursor"] = cursor;
        }

        using var response = Send(HttpMethod.Post, HttpContract.Query, JsonContent(body));
        return JsonDocument.Parse(response.Content.ReadAsStream());
    }

    private HttpResponseMessage Send(HttpMethod method, string path, HttpContent? content, bool stream = false, params HttpStatusCode[] accepted)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Authorization = _token.Header();
        var response = _http.Send(request, stream ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead);
        if (response.IsSuccessStatusCode || accepted.Contains(response.StatusCode))
        {
            return response;
        }

        using (response)
        {
            // A route the build does not have: 404 (or 405 when another method shares the path).
            if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed)
            {
                throw new NotAvailableException($"not available in this build: {method} {path.Split('?')[0]} answers {(int)response.StatusCode}");
            }

            var text = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
            throw new InvalidOperationException($"{method} {path} answered {(int)response.StatusCode}: {Trim(text)}");
        }
    }


    private static long CustomerId(string? publicId) =>
        PublicId.TryDecode(IdPrefixes.Customer, publicId, out var id) ? id : throw new InvalidOperationException($"not a customer id: '{publicId}'");

    private static StringContent JsonContent(object body) =>
        new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    private static string Trim(string text) => text.Length > 300 ? text[..300] + "…" : text;

    private static string SegmentKey(string query) =>
        "bench_export_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(query)))[..12];
}
