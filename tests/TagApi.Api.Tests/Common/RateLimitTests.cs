using System.Net;
using TagApi.Api.Tests.Infrastructure;

namespace TagApi.Api.Tests.Common;

/// <summary>TagApi with a tiny bucket (burst 5, 1 per second) so the limit is reached quickly.</summary>
public sealed class TightRateLimitSqliteFactory : TagApiFactoryOnSqlite
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings =>
    [
        new("RateLimiting:PermitsPerSecond", "1"),
        new("RateLimiting:Burst", "5"),
    ];
}

public sealed class RateLimitTests(TightRateLimitSqliteFactory factory) : IClassFixture<TightRateLimitSqliteFactory>
{
    [Fact]
    public async Task Every_response_reports_the_bucket_and_an_empty_bucket_gets_429_with_retry_after()
    {
        var api = await factory.CreateTenantAsync();
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 8 && limited is null; i++)
        {
            var response = await api.Http.GetAsync("/v1/tags");
            Assert.True(response.Headers.Contains("RateLimit-Policy"));
            Assert.True(response.Headers.Contains("RateLimit"));
            Assert.Equal("\"default\";q=5;w=5", response.Headers.GetValues("RateLimit-Policy").Single());
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited = response;
            }
        }

        Assert.NotNull(limited);
        Assert.True(statuses.Count(s => s == HttpStatusCode.OK) >= 4);
        Assert.True(int.Parse(limited.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
        var problem = await api.Http.ExpectAsync(limited, HttpStatusCode.TooManyRequests);
        Assert.Equal("rate_limited", problem.Str("code"));
        Assert.StartsWith("\"default\";r=0", limited.Headers.GetValues("RateLimit").Single(), StringComparison.Ordinal);
    }
}
