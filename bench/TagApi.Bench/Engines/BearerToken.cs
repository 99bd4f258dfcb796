using System.Net.Http.Headers;
using System.Text.Json;

namespace TagApi.Bench.Engines;

/// <summary>
/// A client-credentials access token for the harness's synchronous HTTP subjects, fetched from TagApi's token endpoint
/// and fetched again before it lapses (at 80 % of its lifetime), so a long workload never meets a 401.
/// </summary>
public sealed class BearerToken(HttpClient http, string clientId, string clientSecret)
{
    private string _token = "";
    private DateTime _expires;

    /// <summary>The <c>Authorization</c> header to send now.</summary>
    public AuthenticationHeaderValue Header()
    {
        if (DateTime.UtcNow > _expires)
        {
            Refresh();
        }

        return new AuthenticationHeaderValue("Bearer", _token);
    }

    private void Refresh()
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_secret"] = clientSecret,
        });
        using var response = http.Send(new HttpRequestMessage(HttpMethod.Post, HttpContract.Token) { Content = form });
        var text = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"token request answered {(int)response.StatusCode}: {(text.Length > 300 ? text[..300] + "…" : text)}");
        }

        using var json = JsonDocument.Parse(text);
        _token = json.RootElement.GetProperty("access_token").GetString()!;
        var lifetime = json.RootElement.TryGetProperty("expires_in", out var e) ? e.GetInt32() : 3600;
        _expires = DateTime.UtcNow.AddSeconds(lifetime * 0.8);
    }
}
