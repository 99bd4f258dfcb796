using System.Net;
using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using TagApi.Api.Auth;
using TagApi.Api.Tests.Infrastructure;
using TagApi.Core.Common;
using TagApi.Core.Tenancy;

namespace TagApi.Api.Tests.Auth;

/// <summary>What the API accepts as an access token, beyond signature, issuer, audience and expiry.</summary>
public sealed class AccessTokenTests(SqliteTagApiFactory factory) : IClassFixture<SqliteTagApiFactory>
{
    [Fact]
    public async Task A_token_that_is_not_valid_yet_is_refused()
    {
        var session = await factory.CreateTenantAsync(Scopes.TagsRead);
        var now = factory.Clock.GetUtcNow();
        using var client = factory.CreateClient();

        // The same token signed by the server, once valid from a minute ago (accepted: the forgery is otherwise sound) and once from an hour ahead.
        client.DefaultRequestHeaders.Authorization = new("Bearer", await SignAsync(session, notBefore: now.AddMinutes(-1), expires: now.AddHours(1)));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/tags")).StatusCode);
        client.DefaultRequestHeaders.Authorization = new("Bearer", await SignAsync(session, notBefore: now.AddHours(1), expires: now.AddHours(2)));
        var refused = await client.GetAsync("/v1/tags");
        Assert.Equal("unauthorized", (await client.ExpectAsync(refused, HttpStatusCode.Unauthorized)).Str("code"));
    }

    [Fact]
    public async Task An_access_token_in_the_query_string_is_refused_with_a_problem()
    {
        var session = await factory.CreateTenantAsync(Scopes.TagsRead);
        var token = session.Http.DefaultRequestHeaders.Authorization!.Parameter!;
        using var anonymous = factory.CreateClient();

        var problem = await anonymous.ExpectAsync(await anonymous.GetAsync($"/v1/tags?access_token={token}"), HttpStatusCode.Unauthorized);
        Assert.Equal("access_token_in_query", problem.Str("code"));
        // Refused even when the header carries the token too: the URL has already leaked it.
        var both = await session.Http.GetAsync($"/v1/tags?limit=5&access_token={token}");
        Assert.Equal("access_token_in_query", (await session.Http.ExpectAsync(both, HttpStatusCode.Unauthorized)).Str("code"));
        Assert.Equal(HttpStatusCode.OK, (await session.Http.GetAsync("/v1/tags?limit=5")).StatusCode);
    }

    private async Task<string> SignAsync(TenantSession session, DateTimeOffset notBefore, DateTimeOffset expires)
    {
        using var anonymous = factory.CreateClient();
        var issuer = (await anonymous.ExpectAsync(await anonymous.GetAsync("/.well-known/openid-configuration"), HttpStatusCode.OK)).Str("issuer");
        var key = factory.Services.GetRequiredService<ServerKeys>().SigningKey;
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = "tagapi",
            TokenType = "at+jwt",
            IssuedAt = notBefore.UtcDateTime,
            NotBefore = notBefore.UtcDateTime,
            Expires = expires.UtcDateTime,
            Subject = new ClaimsIdentity(
            [
                new Claim("sub", session.ClientId),
                new Claim("client_id", session.ClientId),
                new Claim("tenant_id", PublicId.Encode(IdPrefixes.Tenant, session.TenantId)),
                new Claim("scope", Scopes.TagsRead),
            ]),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
    }
}
