using System.Collections.Concurrent;

namespace TagApi.Api.RateLimiting;

/// <summary>
/// Buckets by key (a client id, an address) with bounded memory: keys come from callers, so a caller
/// inventing client ids or arriving from many addresses must not grow the table without end. Buckets that
/// have refilled are forgotten (that changes nothing) once every <see cref="IdleSweepInterval"/>, and at once
/// when the table reaches <see cref="MaxKeys"/>; if it is still full, new keys share one overflow bucket until
/// room is made.
/// </summary>
public sealed class BucketTable(Func<string, BucketLimit> limitFor, TimeProvider clock)
{
    public const int MaxKeys = 10_000;
    public static readonly TimeSpan IdleSweepInterval = TimeSpan.FromMinutes(1);
    private const string Overflow = "\0overflow";
    private readonly ConcurrentDictionary<string, TokenBucket> _buckets = new(StringComparer.Ordinal);
    private readonly Lock _pruning = new();
    // In the clock's UTC ticks, the time its buckets refill by.
    private long _nextSweep = (clock.GetUtcNow() + IdleSweepInterval).UtcTicks;

    /// <summary>A table whose buckets all have one limit.</summary>
    public BucketTable(Func<BucketLimit> limit, TimeProvider clock)
        : this(_ => limit(), clock)
    {
    }

    public int Count => _buckets.Count;

    public TokenBucket For(string key)
    {
        // One caller claims each due sweep; the others go on without waiting for it.
        var due = Volatile.Read(ref _nextSweep);
        if (clock.GetUtcNow().UtcTicks >= due && Interlocked.CompareExchange(ref _nextSweep, long.MaxValue, due) == due)
        {
            Prune();
        }

        if (_buckets.TryGetValue(key, out var bucket))
        {
            return bucket;
        }

        if (_buckets.Count >= MaxKeys)
        {
            Prune();
            if (_buckets.Count >= MaxKeys)
            {
                key = Overflow;
            }
        }

        return _buckets.GetOrAdd(key, k => new TokenBucket(limitFor(k), clock));
    }

    private void Prune()
    {
        lock (_pruning)
        {
            Volatile.Write(ref _nextSweep, (clock.GetUtcNow() + IdleSweepInterval).UtcTicks);
            foreach (var (key, bucket) in _buckets)
            {
                if (bucket.IsFull())
                {
                    _buckets.TryRemove(key, out _);
                }
            }
        }
    }
}
