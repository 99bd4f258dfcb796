using System.Net;
using System.Net.Sockets;
using TagApi.Api.Tests.Infrastructure;

namespace TagApi.Api.Tests.RateLimiting;

/// <summary>TagApi configured with a Redis that is not there: a closed loopback port.</summary>
public sealed class UnreachableRedisSqliteFactory : TagApiFactoryOnSqlite
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings =>
    [
        new("Redis:Configuration", $"127.0.0.1:{ClosedPort()}"),
        new("RateLimiting:PermitsPerSecond", "1"),
        new("RateLimiting:Burst", "5"),
    ];

    // A port that was free a moment ago; nothing listens on it.
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>Redis being away fails nothing: the node limits rates on its own and says it is degraded.</summary>
public sealed class RedisUnavailableTests(UnreachableRedisSqliteFactory factory) : IClassFixture<UnreachableRedisSqliteFactory>
{
    [Fact]
    public async Task Requests_are_served_and_limited_by_the_node_alone()
    {
        var api = await factory.CreateTenantAsync();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
        {
            using var response = await api.Http.GetAsync(new Uri("/v1/tags", UriKind.Relative));
            Assert.Equal("\"default\";q=5;w=5", response.Headers.GetValues("RateLimit-Policy").Single());
            statuses.Add(response.StatusCode);
        }

        Assert.Equal(5, statuses.TakeWhile(s => s == HttpStatusCode.OK).Count());
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.All(statuses, s => Assert.True(s is HttpStatusCode.OK or HttpStatusCode.TooManyRequests, s.ToString()));
    }

    [Fact]
    public async Task Readiness_is_degraded_not_failed()
    {
        using var http = factory.CreateClient();

        using var response = await http.GetAsync(new Uri("/readyz", UriKind.Relative));

        var body = await http.ExpectAsync(response, HttpStatusCode.OK);
        Assert.Equal("degraded", body.Str("status"));
        Assert.Equal("ok", body.Str("database"));
        Assert.StartsWith("degraded", body.Str("redis"), StringComparison.Ordinal);
    }
}
