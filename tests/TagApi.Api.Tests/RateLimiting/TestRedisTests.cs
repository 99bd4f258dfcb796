using System.Net;
using TagApi.Api.Tests.Infrastructure;

namespace TagApi.Api.Tests.RateLimiting;

/// <summary>The Redis server the test command starts (for limits shared across nodes) is there and answers.</summary>
public sealed class TestRedisTests
{
    [Fact]
    public async Task The_test_runs_redis_on_loopback_answers_ping()
    {
        await using var redis = await TestRedis.ConnectAsync();
        var endpoint = Assert.Single(redis.GetEndPoints());
        Assert.True(endpoint is IPEndPoint { Address: var address } ? IPAddress.IsLoopback(address) : endpoint is DnsEndPoint { Host: "localhost" },
            $"TAGAPI_TEST_REDIS points off loopback: {endpoint}");

        var answer = await redis.GetServer(endpoint).ExecuteAsync("PING");

        Assert.Equal("PONG", answer.ToString());
    }
}
