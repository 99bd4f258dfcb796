using System.Net;
using TagApi.Api.Tests.Infrastructure;
using TagApi.Core.Tenancy;

namespace TagApi.Api.Tests.Auth;

public sealed class TokenRateLimitTests(AddressedSqliteFactory factory) : IClassFixture<AddressedSqliteFactory>
{
    [Fact]
    public async Task Sixty_wrong_secrets_in_a_burst_get_429s_with_retry_after()
    {
        var victim = await factory.CreateTenantAsync(Scopes.TagsRead);
        using var http = factory.CreateClient();
        var answers = await Task.WhenAll(Enumerable.Range(0, 60).Select(_ => RequestTokenAsync(http, victim.ClientId, "tas_wrong", "203.0.113.7")));

        var refused = answers.Where(a => a.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.True(refused.Count >= 45, $"{refused.Count} of 60 wrong secrets were refused with 429");
        Assert.All(answers.Except(refused), a => Assert.Equal(HttpStatusCode.Unauthorized, a.StatusCode));
        foreach (var answer in refused)
        {
            Assert.True(int.Parse(answer.Headers.RetryAfter!.ToString(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
            Assert.Contains("\"token-client-failures\";q=10;w=600", answer.Headers.GetValues("RateLimit-Policy").Single(), StringComparison.Ordinal);
            Assert.Equal("application/problem+json", answer.Content.Headers.ContentType!.MediaType);
            var problem = await http.ExpectAsync(answer, HttpStatusCode.TooManyRequests);
            Assert.Equal("rate_limited", problem.Str("code"));
            Assert.Equal("temporarily_unavailable", problem.Str("error"));
        }

        // The guessed client is slowed from anywhere; other clients, elsewhere, are not.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await RequestTokenAsync(http, victim.ClientId, victim.ClientSecret, "198.51.100.1")).StatusCode);
        var bystander = await factory.CreateTenantAsync(Scopes.TagsRead);
        Assert.Equal(HttpStatusCode.OK, (await RequestTokenAsync(http, bystander.ClientId, bystander.ClientSecret, "198.51.100.2")).StatusCode);
    }

    [Fact]
    public async Task Guessing_from_one_address_is_slowed_across_client_ids()
    {
        using var http = factory.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 40; i++)
        {
            statuses.Add((await RequestTokenAsync(http, $"cli_guess{i}", "tas_wrong", "203.0.113.9")).StatusCode);
        }

        Assert.Equal(30, statuses.Count(s => s == HttpStatusCode.Unauthorized));
        Assert.Equal(10, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
    }

    [Fact]
    public async Task Successful_token_requests_report_the_buckets_and_do_not_use_up_the_failure_allowance()
    {
        var session = await factory.CreateTenantAsync(Scopes.TagsRead);
        using var http = factory.CreateClient();
        for (var i = 0; i < 15; i++)
        {
            var answer = await RequestTokenAsync(http, session.ClientId, session.ClientSecret, "192.0.2.44");
            await http.ExpectAsync(answer, HttpStatusCode.OK);
            var policy = answer.Headers.GetValues("RateLimit-Policy").Single();
            Assert.Contains("\"token-client\";q=20;w=20", policy, StringComparison.Ordinal);
            Assert.Contains("\"token-address\";q=100;w=20", policy, StringComparison.Ordinal);
            Assert.Contains("\"token-client-failures\";r=10", answer.Headers.GetValues("RateLimit").Single(), StringComparison.Ordinal);
        }
    }

    private static Task<HttpResponseMessage> RequestTokenAsync(HttpClient http, string clientId, string secret, string address)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/connect/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret,
            }),
        };
        request.Headers.Add(AddressedSqliteFactory.AddressHeader, address);
        return http.SendAsync(request);
    }
}
