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
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var statuses = new List<HttpStatusCode>();
        while (statuses.Count < 50 && !statuses.Contains(HttpStatusCode.TooManyRequests))
        {
            using var response = await api.Http.GetAsync(new Uri("/v1/tags", UriKind.Relative));
            Assert.Equal("\"default\";q=5;w=5", response.Headers.GetValues("RateLimit-Policy").Single());
            statuses.Add(response.StatusCode);
        }

        // The node's own bucket: its burst of 5, plus one a second of refill, then 429.
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        Assert.All(statuses[..^1], s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.InRange(statuses.Count - 1, 5, 5 + (int)Math.Ceiling(clock.Elapsed.TotalSeconds));
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
