namespace TagApi.Api.RateLimiting;

/// <summary>One caller's limit: <see cref="Burst"/> requests at once, refilled at <see cref="PermitsPerSecond"/>.</summary>
public sealed record CallerLimit(int Burst, int PermitsPerSecond)
{
    /// <summary>The state to report after a take of <paramref name="tokens"/> that left <paramref name="tokensLeft"/>.</summary>
    public RateLimitState State(bool allowed, double tokensLeft, int tokens)
    {
        var retryAfter = allowed
            ? TimeSpan.Zero
            : TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling((tokens - tokensLeft) / PermitsPerSecond)));
        return new RateLimitState(allowed, Burst, PermitsPerSecond, Math.Max(0, (long)tokensLeft), retryAfter);
    }

    /// <summary>The same limit as a bucket of the node's own table.</summary>
    public BucketLimit AsBucket() => new() { Burst = Burst, PerMinute = (int)Math.Min(int.MaxValue, PermitsPerSecond * 60L) };
}
