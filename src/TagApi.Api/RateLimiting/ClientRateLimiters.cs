using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace TagApi.Api.RateLimiting;

/// <summary>The state of one caller's bucket after a request, for the response headers.</summary>
public sealed record RateLimitState(bool Allowed, int Burst, int PermitsPerSecond, long Remaining, TimeSpan RetryAfter);

/// <summary>
/// One token bucket per caller (OAuth2 client, or IP address before authentication). A request
/// takes one token; other transports may take more (a GraphQL query's cost).
/// </summary>
public sealed class ClientRateLimiters(IOptionsMonitor<RateLimitOptions> options) : IDisposable
{
    // Refill in small steps so the bucket behaves continuously rather than once a second.
    private const int StepsPerSecond = 10;
    private readonly ConcurrentDictionary<string, (TokenBucketRateLimiter Limiter, int Burst, int Rate)> _buckets = new(StringComparer.Ordinal);

    public RateLimitState TryTake(string caller, string? clientId, int tokens = 1)
    {
        var (limiter, burst, rate) = _buckets.GetOrAdd(caller, _ => Create(clientId));
        tokens = Math.Clamp(tokens, 1, burst);
        using var lease = limiter.AttemptAcquire(tokens);
        var remaining = Math.Max(0, limiter.GetStatistics()?.CurrentAvailablePermits ?? 0);
        var retryAfter = lease.IsAcquired
            ? TimeSpan.Zero
            : TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling((tokens - remaining) / (double)rate)));
        return new RateLimitState(lease.IsAcquired, burst, rate, remaining, retryAfter);
    }

    /// <summary>The bucket as it stands, nothing taken: allowed while at least one token is left.</summary>
    public RateLimitState Peek(string caller, string? clientId)
    {
        var (limiter, burst, rate) = _buckets.GetOrAdd(caller, _ => Create(clientId));
        var remaining = Math.Max(0, limiter.GetStatistics()?.CurrentAvailablePermits ?? 0);
        return new RateLimitState(remaining >= 1, burst, rate, remaining, remaining >= 1 ? TimeSpan.Zero : TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling(1.0 / rate))));
    }

    public void Dispose()
    {
        foreach (var bucket in _buckets.Values)
        {
            bucket.Limiter.Dispose();
        }
    }

    private (TokenBucketRateLimiter, int, int) Create(string? clientId)
    {
        var current = options.CurrentValue;
        var own = clientId is not null ? current.Clients.GetValueOrDefault(clientId) : null;
        var rate = Math.Max(1, own?.PermitsPerSecond ?? current.PermitsPerSecond);
        var burst = Math.Max(1, own?.Burst ?? current.Burst);
        var limiter = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = burst,
            TokensPerPeriod = Math.Max(1, rate / StepsPerSecond),
            ReplenishmentPeriod = TimeSpan.FromSeconds(Math.Max(1, rate / StepsPerSecond) / (double)rate),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
        return (limiter, burst, rate);
    }
}
