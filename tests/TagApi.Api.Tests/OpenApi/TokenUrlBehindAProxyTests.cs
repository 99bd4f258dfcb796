using System.Net;
using System.Text.Json.Nodes;
using TagApi.Api.Tests.Infrastructure;

namespace TagApi.Api.Tests.OpenApi;

/// <summary>
/// Where the API reference sends people for a token: the configured public address, else the address the
/// document was fetched through — with a proxy's <c>X-Forwarded-*</c> headers believed only when the operator
/// turned them on (a client must not be able to point the docs' sign-in at a host of its choosing).
/// </summary>
public sealed class TokenUrlBehindAProxyTests(SqliteTagApiFactory plain, PublicAddressSqliteFactory configured, ForwardedHeadersSqliteFactory forwarded)
    : IClassFixture<SqliteTagApiFactory>, IClassFixture<PublicAddressSqliteFactory>, IClassFixture<ForwardedHeadersSqliteFactory>
{
    private static readonly Dictionary<string, string> ProxyHeaders = new()
    {
        ["X-Forwarded-Proto"] = "https",
        ["X-Forwarded-Host"] = "elsewhere.example",
        ["X-Forwarded-For"] = "203.0.113.7",
    };

    [Fact]
    public async Task With_a_public_address_configured_the_token_url_and_server_are_under_it_whatever_the_request_says()
    {
        var (tokenUrl, server) = await FetchAsync(configured, "http://node-3.internal:8080", ProxyHeaders);

        Assert.Equal("https://api.example.com/tagapi/connect/token", tokenUrl);
        Assert.Equal("https://api.example.com/tagapi", server);
    }

    [Fact]
    public async Task Without_one_the_token_url_is_the_address_the_document_was_fetched_through()
    {
        var (tokenUrl, server) = await FetchAsync(plain, "http://docs.internal:8080", []);

        Assert.Equal("http://docs.internal:8080/connect/token", tokenUrl);
        Assert.Equal("/", server);
    }

    [Fact]
    public async Task Forwarded_headers_are_ignored_unless_the_operator_enabled_them()
    {
        var (tokenUrl, _) = await FetchAsync(plain, "http://docs.internal:8080", ProxyHeaders);

        Assert.Equal("http://docs.internal:8080/connect/token", tokenUrl);
    }

    [Fact]
    public async Task With_forwarded_headers_enabled_the_token_url_takes_the_scheme_the_proxy_was_reached_with()
    {
        var (tokenUrl, _) = await FetchAsync(forwarded, "http://api.example.org", ProxyHeaders);

        // ASP.NET Core's switch (ASPNETCORE_FORWARDEDHEADERS_ENABLED) believes X-Forwarded-Proto and -For, not -Host:
        // the host stays the one the proxy asked for.
        Assert.Equal("https://api.example.org/connect/token", tokenUrl);
    }

    private static async Task<(string TokenUrl, string Server)> FetchAsync(TagApiFactory factory, string address, Dictionary<string, string> headers)
    {
        using var client = factory.CreateClient(new() { BaseAddress = new Uri(address) });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/openapi/v1.json");
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }

        var document = await client.ExpectAsync(await client.SendAsync(request), HttpStatusCode.OK);
        var flow = document["components"]!["securitySchemes"]!["oauth2"]!["flows"]!["clientCredentials"]!;
        Assert.Equal(flow["tokenUrl"]!.GetValue<string>(), flow["refreshUrl"]!.GetValue<string>());
        return (flow["tokenUrl"]!.GetValue<string>(), document["servers"]![0]!["url"]!.GetValue<string>());
    }
}

/// <summary>A deployment whose public address is configured (<c>Auth:Issuer</c>, with a path, as behind a path-routing proxy).</summary>
public sealed class PublicAddressSqliteFactory : TagApiFactoryOnSqlite
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings => [new("Auth:Issuer", "https://api.example.com/tagapi/")];
}

/// <summary>A deployment that believes its proxy's forwarded headers (ASP.NET Core's <c>ASPNETCORE_FORWARDEDHEADERS_ENABLED</c>).</summary>
public sealed class ForwardedHeadersSqliteFactory : TagApiFactoryOnSqlite
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings => [new("FORWARDEDHEADERS_ENABLED", "true")];
}
