using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace TagApi.Bench.Webhooks;

/// <summary>TagApi's public REST API as W7's integrator uses it: a token, tags, endpoints, batch assignments.</summary>
public sealed class BenchApiClient : IDisposable
{
    private readonly HttpClient _http;

    private BenchApiClient(HttpClient http) => _http = http;

    public static async Task<BenchApiClient> SignInAsync(Uri server, string clientId, string clientSecret)
    {
        var http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromMinutes(2) };
        using var response = await http.PostAsync(new Uri("/connect/token", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = clientSecret,
        }));
        var token = (await ReadAsync(response))["access_token"]!.GetValue<string>();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return new BenchApiClient(http);
    }

    public async Task<JsonNode> PostAsync(string path, object body)
    {
        using var response = await _http.PostAsJsonAsync(new Uri(path, UriKind.Relative), body);
        return await ReadAsync(response);
    }

    public async Task<JsonNode> PatchAsync(string path, object body)
    {
        using var response = await _http.PatchAsJsonAsync(new Uri(path, UriKind.Relative), body);
        return await ReadAsync(response);
    }

    /// <summary>One batch assignment (up to 1,000 pairs): adds or removes <paramref name="tag"/> on the customers.</summary>
    public Task<JsonNode> AssignAsync(IEnumerable<string> customers, string tag, bool add)
    {
        var pairs = customers.Select(c => new { customer = c, tag }).ToArray();
        return PostAsync("/v1/tag-assignments", add ? new { add = pairs } : new { remove = pairs });
    }

    public void Dispose() => _http.Dispose();

    private static async Task<JsonNode> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{(int)response.StatusCode} from {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {text}");
        }

        return JsonNode.Parse(text)!;
    }
}
