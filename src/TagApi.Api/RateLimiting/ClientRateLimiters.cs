using Microsoft.Extensions.Options;

namespace TagApi.Api.RateLimiting;

/// <summary>The state of one caller's bucket after a request, for the response headers.</summary>
public sealed record RateLimitState(bool Allowed, int Burst, int PermitsPerSecond, long Remaining, TimeSpan RetryAfter);

/// <summary>
/// One token bucket per caller (OAuth2 client, or IP address before authentication). A request takes one token;
/// other transports may take more (a GraphQL query's cost). With Redis configured the bucket is shared by every
/// node (<see cref="SharedBuckets"/>); without it, or while Redis cannot answer, each node charges its own.
/// </summary>
public sealed class ClientRateLimiters
{
    private readonly IOptionsMonitor<RateLimitOptions> _options;
    private readonly SharedBuckets _shared;
    private readonly BucketTable _local;

    public ClientRateLimiters(IOptionsMonitor<RateLimitOptions> options, SharedBuckets shared, TimeProvider clock)
    {
        _options = options;
        _shared = shared;
        _local = new BucketTable(caller => LimitOf(ClientIdOf(caller)).AsBucket(), clock);
    }

    /// <summary>How many callers the node keeps a bucket of its own for (idle ones are forgotten).</summary>
    public int LocalBuckets => _local.Count;

    /// <summary>Takes <paramref name="tokens"/> (at least one, at most the burst) from the caller's bucket.</summary>
    public ValueTask<RateLimitState> TryTakeAsync(string caller, string? clientId, int tokens = 1)
    {
        var limit = LimitOf(clientId);
        return TakeAsync(caller, limit, Math.Clamp(tokens, 1, limit.Burst));
    }

    /// <summary>The bucket as it stands, nothing taken: allowed while at least one token is left.</summary>
    public ValueTask<RateLimitState> PeekAsync(string caller, string? clientId) => TakeAsync(caller, LimitOf(clientId), 0);

    private async ValueTask<RateLimitState> TakeAsync(string caller, CallerLimit limit, int tokens)
    {
        if (await _shared.TryTakeAsync(caller, limit, tokens) is { } shared)
        {
            return shared;
        }

        var bucket = _local.For(caller);
        var allowed = tokens == 0 ? null : (bool?)bucket.TryTake(tokens);
        var (remaining, _) = bucket.Available(1);
        // A look (no tokens) is allowed while a whole token is left.
        return limit.State(allowed ?? remaining >= 1, remaining, Math.Max(1, tokens));
    }

    private CallerLimit LimitOf(string? clientId)
    {
        var current = _options.CurrentValue;
        var own = clientId is not null ? current.Clients.GetValueOrDefault(clientId) : null;
        return new CallerLimit(Math.Max(1, own?.Burst ?? current.Burst), Math.Max(1, own?.PermitsPerSecond ?? current.PermitsPerSecond));
    }

    // The local table makes a bucket from its key alone; client keys carry the client id.
    private static string? ClientIdOf(string caller) => caller.StartsWith("client:", StringComparison.Ordinal) ? caller["client:".Length..] : null;
}
