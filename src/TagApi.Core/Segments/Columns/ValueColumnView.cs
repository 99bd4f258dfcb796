using System.Collections.Concurrent;
using TagApi.Core.Segments.Index;
using TagApi.Core.Segments.Query;

namespace TagApi.Core.Segments.Columns;

/// <summary>A frozen <see cref="ValueColumn"/>; the union for each predicate is kept until the column changes.</summary>
internal sealed class ValueColumnView(KeyValuePair<object, RoaringBitmap>[] values)
{
    private const int MaxCachedPredicates = 64;
    private readonly ConcurrentDictionary<(QueryNode, DateOnly), RoaringBitmap> _cache = new();

    public int DistinctCount => values.Length;

    /// <summary>Each value with its members, for the snapshot file.</summary>
    public IReadOnlyList<KeyValuePair<object, RoaringBitmap>> Values => values;

    public long MemoryBytes => values.Sum(v => v.Value.MemoryUsageBytes + 32) + _cache.Values.Sum(b => b.MemoryUsageBytes);

    /// <summary>
    /// Ordinals whose value satisfies <paramref name="accepts"/>; <paramref name="cacheKey"/> names the
    /// predicate (and the day, for a value read through the clock).
    /// </summary>
    public RoaringBitmap Matching((QueryNode, DateOnly) cacheKey, Func<object, bool> accepts)
    {
        if (_cache.TryGetValue(cacheKey, out var cached))
        {
            return cached;
        }

        var result = new RoaringBitmap();
        foreach (var (value, members) in values)
        {
            if (accepts(value))
            {
                result.OrWith(members);
            }
        }

        result.Freeze();
        if (_cache.Count >= MaxCachedPredicates)
        {
            _cache.Clear();
        }

        _cache[cacheKey] = result;
        return result;
    }
}
