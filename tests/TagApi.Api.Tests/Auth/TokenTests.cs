using System.Net;
using Microsoft.IdentityModel.JsonWebTokens;
using TagApi.Api.Tests.Infrastructure;
using TagApi.Core.Tenancy;

namespace TagApi.Api.Tests.Auth;

public sealed class TokenTests(SqliteTagApiFactory factory) : IClassFixture<SqliteTagApiFactory>
{
    [Fact]
    public async Task Client_credentials_give_a_plain_jwt_for_the_tagapi_audience_with_tenant_and_scopes()
    {
        var session = await factory.CreateTenantAsync(Scopes.TagsRead, Scopes.CustomersRead);
        var token = new JsonWebTokenHandler().ReadJsonWebToken(await session.RequestTokenAsync());

        Assert.Contains("tagapi", token.Audiences);
        Assert.Equal(session.ClientId, token.Subject);
        Assert.StartsWith("ten_", token.GetClaim("tenant_id").Value);
        Assert.Equal("customers:read tags:read", string.Join(' ', token.GetClaim("scope").Value.Split(' ').Order()));
        Assert.InRange(token.ValidTo - token.IssuedAt, TimeSpan.FromMinutes(59), TimeSpan.FromMinutes(61));
    }

    [Fact]
    public async Task A_token_can_ask_for_fewer_scopes_but_not_more()
    {
        var session = await factory.CreateTenantAsync(Scopes.TagsRead, Scopes.TagsWrite);
        var narrow = new JsonWebTokenHandler().ReadJsonWebToken(await session.RequestTokenAsync(Scopes.TagsRead));
        Assert.Equal(Scopes.TagsRead, narrow.GetClaim("scope").Value);

        using var anonymous = factory.CreateClient();
        using var response = await anonymous.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = session.ClientId, ["client_secret"] = session.ClientSecret, ["scope"] = Scopes.ClientsManage,
        }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        // RFC 6749 §5.2: a scope beyond what the client was granted is invalid_scope.
        Assert.Equal("invalid_scope", (await anonymous.ExpectAsync(response, HttpStatusCode.BadRequest)).Str("error"));
    }

    [Fact]
    public async Task A_wrong_secret_gets_no_token()
    {
        var session = await factory.CreateTenantAsync();
        using var anonymous = factory.CreateClient();
        using var response = await anonymous.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = session.ClientId, ["client_secret"] = "wrong",
        }));
        Assert.Contains("invalid_client", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(response.IsSuccessStatusCode);
    }

    [Fact]
    public async Task Discovery_names_the_token_endpoint_and_grant()
    {
        using var anonymous = factory.CreateClient();
        using var response = await anonymous.GetAsync("/.well-known/openid-configuration");
        var discovery = await anonymous.ExpectAsync(response, HttpStatusCode.OK);
        Assert.EndsWith("/connect/token", discovery.Str("token_endpoint"), StringComparison.Ordinal);
        Assert.Contains("client_credentials", discovery["grant_types_supported"]!.AsArray().Select(g => g!.GetValue<string>()));
        Assert.Contains(Scopes.TagsRead, discovery["scopes_supported"]!.AsArray().Select(g => g!.GetValue<string>()));
    }

    [Fact]
    public async Task A_client_created_over_the_api_works_once_and_a_revoked_one_stops()
    {
        var admin = await factory.CreateTenantAsync();
        var created = await admin.PostAsync("/v1/api-clients", new { name = "Shop sync", scopes = new[] { Scopes.TagsRead } }, HttpStatusCode.Created);
        Assert.StartsWith("tas_", created.Str("clientSecret"));
        var listed = await admin.GetAsync("/v1/api-clients");
        Assert.Null(listed["data"]!.AsArray().First(c => c!.Str("clientId") == created.Str("clientId"))!["clientSecret"]);

        var integration = new TenantSessionLogin(factory, created.Str("clientId"), created.Str("clientSecret"));
        using var client = await integration.LoginAsync();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/tags")).StatusCode);

        await admin.DeleteAsync($"/v1/api-clients/{created.Str("clientId")}");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/v1/tags")).StatusCode);
        await Assert.ThrowsAnyAsync<Exception>(integration.LoginAsync);
        Assert.Equal("conflict", (await admin.DeleteAsync($"/v1/api-clients/{admin.ClientId}", HttpStatusCode.Conflict)).Str("code"));
    }

    [Fact]
    public async Task A_token_accepted_before_is_refused_once_it_expires()
    {
        var session = await factory.CreateTenantAsync(Scopes.TagsRead);
        for (var i = 0; i < 3; i++)
        {
            // Accepted again and again: after the first, from the principal this instance validated.
            Assert.Equal(HttpStatusCode.OK, (await session.Http.GetAsync("/v1/tags")).StatusCode);
        }

        factory.Clock.Advance(TimeSpan.FromMinutes(61));
        Assert.Equal(HttpStatusCode.Unauthorized, (await session.Http.GetAsync("/v1/tags")).StatusCode);
        await session.RefreshTokenAsync();
        Assert.Equal(HttpStatusCode.OK, (await session.Http.GetAsync("/v1/tags")).StatusCode);
    }

    [Fact]
    public async Task A_token_issued_via_one_host_name_is_accepted_via_another()
    {
        // The issuer is configured (Auth:Issuer, else the server's first URL), not read from the Host header, so a
        // token got through one node's address (or a load balancer's) is accepted by every node.
        var session = await factory.CreateTenantAsync(Scopes.TagsRead);
        using var tokenRequest = new HttpRequestMessage(HttpMethod.Post, "/connect/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials", ["client_id"] = session.ClientId, ["client_secret"] = session.ClientSecret,
            }),
        };
        tokenRequest.Headers.Host = "node-1.example";
        using var anonymous = factory.CreateClient();
        var token = (await anonymous.ExpectAsync(await anonymous.SendAsync(tokenRequest), HttpStatusCode.OK)).Str("access_token");

        using var elsewhere = new HttpRequestMessage(HttpMethod.Get, "/v1/tags");
        elsewhere.Headers.Host = "node-2.example";
        elsewhere.Headers.Authorization = new("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.SendAsync(elsewhere)).StatusCode);

        using var discovery = new HttpRequestMessage(HttpMethod.Get, "/.well-known/openid-configuration");
        discovery.Headers.Host = "node-2.example";
        var issuer = (await anonymous.ExpectAsync(await anonymous.SendAsync(discovery), HttpStatusCode.OK)).Str("issuer");
        Assert.Equal(issuer, new JsonWebTokenHandler().ReadJsonWebToken(token).Issuer);
    }

    private sealed class TenantSessionLogin(SqliteTagApiFactory factory, string clientId, string secret)
    {
        public async Task<HttpClient> LoginAsync()
        {
            var client = factory.CreateClient();
            using var response = await client.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret,
            }));
            var body = await client.ExpectAsync(response, HttpStatusCode.OK);
            client.DefaultRequestHeaders.Authorization = new("Bearer", body.Str("access_token"));
            return client;
        }
    }
}
