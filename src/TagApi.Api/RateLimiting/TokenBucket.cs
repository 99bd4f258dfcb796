namespace TagApi.Api.RateLimiting;

/// <summary>
/// A token bucket that can also give a token back, which the token endpoint needs: a failure token is
/// taken before an attempt (so a burst of parallel guesses cannot all slip through before the first
/// one fails) and returned when the attempt succeeds.
/// </summary>
public sealed class TokenBucket(BucketLimit limit, TimeProvider clock)
{
    private readonly Lock _gate = new();
    private double _tokens = limit.Burst;
    private DateTimeOffset _updated = clock.GetUtcNow();

    public BucketLimit Limit => limit;

    /// <summary>Takes <paramref name="tokens"/> tokens; false (and nothing taken) when the bucket holds fewer.</summary>
    public bool TryTake(int tokens = 1)
    {
        lock (_gate)
        {
            Refill();
            if (_tokens < tokens)
            {
                return false;
            }

            _tokens -= tokens;
            return true;
        }
    }

    /// <summary>Whole tokens left and seconds until the bucket holds <paramref name="tokens"/> (0 when it does).</summary>
    public (int Remaining, int SecondsUntil) Available(int tokens)
    {
        lock (_gate)
        {
            Refill();
            var missing = tokens - _tokens;
            return ((int)_tokens, missing <= 0 ? 0 : (int)Math.Ceiling(missing / (limit.PerMinute / 60.0)));
        }
    }

    /// <summary>Returns a token taken by <see cref="TryTake"/> for an attempt that turned out not to count.</summary>
    public void GiveBack()
    {
        lock (_gate)
        {
            Refill();
            _tokens = Math.Min(limit.Burst, _tokens + 1);
        }
    }

    /// <summary>Whole tokens left, seconds until the next one, and seconds until the bucket is full again.</summary>
    public (int Remaining, int SecondsToNext, int SecondsToFull) State()
    {
        lock (_gate)
        {
            Refill();
            var perSecond = limit.PerMinute / 60.0;
            var toNext = _tokens >= 1 ? 0 : (int)Math.Ceiling((1 - _tokens) / perSecond);
            return ((int)_tokens, toNext, (int)Math.Ceiling((limit.Burst - _tokens) / perSecond));
        }
    }

    /// <summary>Whether the bucket has refilled completely, so forgetting it changes nothing.</summary>
    public bool IsFull()
    {
        lock (_gate)
        {
            Refill();
            return _tokens >= limit.Burst;
        }
    }

    private void Refill()
    {
        var now = clock.GetUtcNow();
        var elapsed = (now - _updated).TotalMinutes;
        if (elapsed > 0)
        {
            _tokens = Math.Min(limit.Burst, _tokens + (elapsed * limit.PerMinute));
            _updated = now;
        }
    }
}
