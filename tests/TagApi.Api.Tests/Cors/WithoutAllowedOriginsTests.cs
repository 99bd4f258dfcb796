using TagApi.Api.Tests.Infrastructure;

namespace TagApi.Api.Tests.Cors;

/// <summary>Out of the box no origin is listed: browsers get no CORS headers, and a preflight is not answered as one.</summary>
public sealed class WithoutAllowedOriginsTests(SqliteTagApiFactory factory) : IClassFixture<SqliteTagApiFactory>
{
    [Fact]
    public async Task No_CORS_headers_are_sent_to_any_origin()
    {
        var api = await factory.CreateTenantAsync();
        using var read = new HttpRequestMessage(HttpMethod.Get, "/v1/tags");
        read.Headers.Add("Origin", "https://admin.example.com");
        using var anonymous = factory.CreateClient();
        using var preflight = CallingFromABrowserTests.Preflight("https://admin.example.com", "PATCH", "authorization");

        using var response = await api.Http.SendAsync(read);
        using var unanswered = await anonymous.SendAsync(preflight);

        Assert.DoesNotContain(response.Headers, h => h.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(unanswered.Headers, h => h.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase));
        Assert.NotEqual(System.Net.HttpStatusCode.NoContent, unanswered.StatusCode);
    }
}
