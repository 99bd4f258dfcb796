namespace TagApi.Client.Tests.Infrastructure;

/// <summary>A server whose clients get two requests at once and one more per second, so 429s come quickly.</summary>
public sealed class TightRateLimitServer : LiveServer
{
    protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings =>
    [
        new("RateLimiting:PermitsPerSecond", "1"),
        new("RateLimiting:Burst", "2"),
    ];
}
