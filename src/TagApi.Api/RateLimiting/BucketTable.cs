using System.Collections.Concurrent;

namespace TagApi.Api.RateLimiting;

/// <summary>
/// Buckets by key (a client id, an address) with bounded memory: keys come from callers, so a caller
/// inventing client ids must not grow the table without end. Past <see cref="MaxKeys"/>, buckets that
/// have refilled are forgotten (that changes nothing); if the table is still full, new keys share one
/// overflow bucket until room is made.
/// </summary>
public sealed class BucketTable(Func<BucketLimit> limit, TimeProvider clock)
{
    public const int MaxKeys = 10_000;
    private const string Overflow = "\0overflow";
    private readonly ConcurrentDictionary<string, TokenBucket> _buckets = new(StringComparer.Ordinal);
    private readonly Lock _pruning = new();

    public int Count => _buckets.Count;

    public TokenBucket For(string key)
    {
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

        return _buckets.GetOrAdd(key, _ => new TokenBucket(limit(), clock));
    }

    private void Prune()
    {
        lock (_pruning)
        {
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
