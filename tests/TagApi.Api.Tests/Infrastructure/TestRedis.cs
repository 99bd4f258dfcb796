using StackExchange.Redis;

namespace TagApi.Api.Tests.Infrastructure;

/// <summary>The Redis server of the test run: <c>TAGAPI_TEST_REDIS</c> (<c>host:port</c>), started by scripts/test.sh.</summary>
public static class TestRedis
{
    /// <summary>Its address; its absence fails the test rather than skipping it.</summary>
    public static string Configuration =>
        Environment.GetEnvironmentVariable("TAGAPI_TEST_REDIS") is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                "TAGAPI_TEST_REDIS is not set. Run the tests with scripts/test.sh, which starts a private Redis server, or point the variable at one (host:port).");

    /// <summary>A connection that fails fast instead of retrying in the background when the server is not there.</summary>
    public static Task<ConnectionMultiplexer> ConnectAsync()
    {
        var options = ConfigurationOptions.Parse(Configuration);
        options.AbortOnConnectFail = true;
        options.ConnectTimeout = 10_000;
        return ConnectionMultiplexer.ConnectAsync(options);
    }
}
