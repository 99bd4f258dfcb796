using System.Net.Http.Json;
using System.Text.Json;
using TagApi.Core.Common;

namespace TagApi.Bench.Engines;

/// <summary>
/// Writes to one TagApi node through its public REST API, for workloads that measure what other nodes see: tags,
/// tag changes of a customer, a customer's city, a tagging rule. Every call must succeed (a conflict on set-up, when
/// the thing already exists from an earlier run, counts as success).
/// </summary>
public sealed class NodeWriter : IDisposable
{
    private readonly HttpClient _http;
    private readonly BearerToken _token;

    public NodeWriter(Uri baseAddress, string clientId, string clientSecret)
    {
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan }) { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(2) };
        _token = new BearerToken(_http, clientId, clientSecret);
        _token.Header();
    }

    public void EnsureTag(string key) => Send(HttpMethod.Post, "/v1/tags", new { key, name = key }, allowConflict: true);

    public void EnsureRule(string key, string tag, string condition) =>
        Send(HttpMethod.Post, "/v1/rules", new { key, name = key, tag, condition, enabled = true }, allowConflict: true);

    public void ChangeTag(long customerId, string tag, bool add) =>
        Send(HttpMethod.Post, $"/v1/customers/{PublicId.Encode(IdPrefixes.Customer, customerId)}/tags", add ? new { add = new[] { tag } } : new { remove = new[] { tag } });

    public void SetCity(long customerId, string city) =>
        Send(HttpMethod.Patch, $"/v1/customers/{PublicId.Encode(IdPrefixes.Customer, customerId)}", new { city });

    public void Dispose() => _http.Dispose();

    private void Send(HttpMethod method, string path, object body, bool allowConflict = false)
    {
        using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body, options: JsonSerializerOptions.Web) };
        request.Headers.Authorization = _token.Header();
        using var response = _http.Send(request);
        if (!response.IsSuccessStatusCode && !(allowConflict && response.StatusCode == System.Net.HttpStatusCode.Conflict))
        {
            var text = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
            throw new InvalidOperationException($"{method} {path} answered {(int)response.StatusCode}: {(text.Length > 300 ? text[..300] + "…" : text)}");
        }
    }
}
