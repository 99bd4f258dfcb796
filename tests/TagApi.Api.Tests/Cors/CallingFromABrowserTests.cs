using System.Net;
using TagApi.Api.Tests.Infrastructure;

namespace TagApi.Api.Tests.Cors;

/// <summary>
/// A page of a listed origin calls the API from a browser: its preflight is answered before any token is asked for,
/// and every response tells the browser it may read it and the headers an integrator needs; other origins get nothing.
/// </summary>
public sealed class CallingFromABrowserTests(BrowserOriginSqliteFactory factory) : IClassFixture<BrowserOriginSqliteFactory>
{
    [Fact]
    public async Task A_preflight_from_a_listed_origin_is_answered_without_a_token()
    {
        using var anonymous = factory.CreateClient();
        using var preflight = Preflight(BrowserOriginSqliteFactory.Origin, "PATCH", "authorization, content-type, idempotency-key, if-match, if-none-match");

        using var response = await anonymous.SendAsync(preflight);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(BrowserOriginSqliteFactory.Origin, Single(response, "Access-Control-Allow-Origin"));
        Assert.Contains("PATCH", Single(response, "Access-Control-Allow-Methods"), StringComparison.Ordinal);
        var allowed = Single(response, "Access-Control-Allow-Headers").Split(',', StringSplitOptions.TrimEntries);
        Assert.Superset(new HashSet<string>(["authorization", "content-type", "idempotency-key", "if-match", "if-none-match"], StringComparer.OrdinalIgnoreCase),
            new HashSet<string>(allowed, StringComparer.OrdinalIgnoreCase));
        Assert.NotNull(Single(response, "Access-Control-Max-Age"));
        Assert.False(response.Headers.Contains("Access-Control-Allow-Credentials"));
    }

    [Fact]
    public async Task A_listed_origin_may_read_responses_and_the_integrator_headers_errors_included()
    {
        var api = await factory.CreateTenantAsync();
        using var read = new HttpRequestMessage(HttpMethod.Get, "/v1/tags");
        read.Headers.Add("Origin", BrowserOriginSqliteFactory.Origin);
        using var anonymous = factory.CreateClient();
        using var unauthorized = new HttpRequestMessage(HttpMethod.Get, "/v1/tags");
        unauthorized.Headers.Add("Origin", BrowserOriginSqliteFactory.Origin);

        using var response = await api.Http.SendAsync(read);
        using var refused = await anonymous.SendAsync(unauthorized);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(BrowserOriginSqliteFactory.Origin, Single(response, "Access-Control-Allow-Origin"));
        var exposed = Single(response, "Access-Control-Expose-Headers").Split(',', StringSplitOptions.TrimEntries);
        Assert.Superset(new HashSet<string>(["RateLimit", "RateLimit-Policy", "Retry-After", "ETag", "Idempotent-Replayed", "Location"], StringComparer.OrdinalIgnoreCase),
            new HashSet<string>(exposed, StringComparer.OrdinalIgnoreCase));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(BrowserOriginSqliteFactory.Origin, Single(refused, "Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task An_unlisted_origin_gets_no_CORS_headers()
    {
        var api = await factory.CreateTenantAsync();
        using var read = new HttpRequestMessage(HttpMethod.Get, "/v1/tags");
        read.Headers.Add("Origin", "https://evil.example.net");
        using var anonymous = factory.CreateClient();
        using var preflight = Preflight("https://evil.example.net", "DELETE", "authorization");

        using var response = await api.Http.SendAsync(read);
        using var refusedPreflight = await anonymous.SendAsync(preflight);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(response.Headers, h => h.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(refusedPreflight.Headers, h => h.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase));
    }

    internal static HttpRequestMessage Preflight(string origin, string method, string headers)
    {
        var preflight = new HttpRequestMessage(HttpMethod.Options, "/v1/tags/anything");
        preflight.Headers.Add("Origin", origin);
        preflight.Headers.Add("Access-Control-Request-Method", method);
        preflight.Headers.Add("Access-Control-Request-Headers", headers);
        return preflight;
    }

    internal static string Single(HttpResponseMessage response, string header) =>
        response.Headers.TryGetValues(header, out var values) ? string.Join(",", values) : "";
}
