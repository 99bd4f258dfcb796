using System.Collections.Concurrent;
using System.Runtime.Intrinsics;
using TagApi.Core.Segments.Engine;
using TagApi.Core.Segments.Index;

namespace TagApi.Core.Segments.Columns;

/// <summary>
/// A frozen <see cref="RangeColumn"/>. A range is answered by one vectorised pass over the keys
/// that writes a bitmap word per 64 customers; the bitmap is kept per range, so asking again (a
/// saved segment's count, the next page) costs only the fused bitmap evaluation. The view is
/// replaced when the column changes, which drops its cache with it.
/// </summary>
internal sealed class RangeColumnView(ChunkedView<long> keys, RoaringBitmap keyed)
{
    private const int MaxCachedRanges = 64;
    private readonly ConcurrentDictionary<(KeyRange, bool), RoaringBitmap> _cache = new();

    /// <summary>One key per ordinal (<see cref="ColumnKeys.Absent"/> without a value), for the snapshot file.</summary>
    public ChunkedView<long> Keys => keys;

    /// <summary>Ordinals with a key.</summary>
    public RoaringBitmap Keyed { get; } = keyed;

    public long MemoryBytes => (keys.ChunkCount * (8L << ChunkedArray<long>.ChunkBits)) + Keyed.MemoryUsageBytes + _cache.Values.Sum(b => b.MemoryUsageBytes);

    /// <summary>
    /// Like <see cref="Matching(KeyRange, bool)"/>, for a one-sided range whose bound moves with the
    /// clock (<c>lastOrderAt &gt; -30d</c> is a new instant at every call): the cached range up to
    /// the bound's <paramref name="bucket"/> boundary, plus the few keys of that one bucket that pass,
    /// picked out of the bucket's cached members. So a moving bound scans the column once per bucket.
    /// </summary>
    public BitmapExpression Matching(KeyRange range, bool negated, long bucket)
    {
        var upward = range.High == ColumnKeys.Absent;
        var bound = upward ? range.Low : range.High;
        if (bucket <= 1 || negated || (!upward && range.Low != long.MinValue) || bound < 0 || bound > long.MaxValue / 2)
        {
            return BitmapExpression.Leaf(Matching(range, negated));
        }

        var start = bound - (bound % bucket);
        if (start == bound)
        {
            return BitmapExpression.Leaf(Matching(range, negated: false));
        }

        var end = start + bucket;
        var coarse = Matching(upward ? KeyRange.From(end) : KeyRange.Below(start), negated: false);
        var band = Matching(new KeyRange(start, end), negated: false).ToArray();
        var passing = RoaringBitmap.FromSorted(Array.FindAll(band, o => (ulong)(keys[o] - range.Low) < (ulong)(range.High - range.Low)));
        return passing.IsEmpty ? BitmapExpression.Leaf(coarse) : BitmapExpression.Or(BitmapExpression.Leaf(coarse), BitmapExpression.Leaf(passing));
    }

    /// <summary>Ordinals whose key is in <paramref name="range"/> or, <paramref name="negated"/>, keyed ordinals whose key is not.</summary>
    public RoaringBitmap Matching(KeyRange range, bool negated)
    {
        if (_cache.TryGetValue((range, negated), out var cached))
        {
            return cached;
        }

        var inside = negated ? Matching(range, negated: false) : Scan(range);
        var result = negated ? RoaringBitmap.AndNot(Keyed, inside) : inside;
        result.Freeze();
        if (_cache.Count >= MaxCachedRanges)
        {
            _cache.Clear();
        }

        _cache[(range, negated)] = result;
        return result;
    }

    private RoaringBitmap Scan(KeyRange range)
    {
        if (range.Low >= range.High)
        {
            var empty = new RoaringBitmap();
            empty.Freeze();
            return empty;
        }

        var words = new ulong[(keys.Count + 63) / 64];
        for (var chunk = 0; chunk < keys.ChunkCount; chunk++)
        {
            var span = keys.Chunk(chunk);
            var firstWord = chunk << (ChunkedArray<long>.ChunkBits - 6);
            for (var w = 0; w * 64 < span.Length; w++)
            {
                var slice = span.Slice(w * 64, Math.Min(64, span.Length - (w * 64)));
                words[firstWord + w] = slice.Length == 64 ? Word(slice, range) : PartialWord(slice, range);
            }
        }

        return RoaringBitmap.FromWords(words);
    }

    // Unsigned trick: low <= k < high  ⇔  (ulong)(k - low) < (ulong)(high - low), one compare per key.
    private static ulong Word(ReadOnlySpan<long> keys64, KeyRange range)
    {
        var width = (ulong)(range.High - range.Low);
        ulong mask = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var low = Vector512.Create(range.Low);
            var limit = Vector512.Create(width);
            for (var k = 0; k < 64; k += Vector512<long>.Count)
            {
                var shifted = (Vector512.Create(keys64.Slice(k, Vector512<long>.Count)) - low).AsUInt64();
                mask |= Vector512.LessThan(shifted, limit).ExtractMostSignificantBits() << k;
            }

            return mask;
        }

        if (Vector256.IsHardwareAccelerated)
        {
            var low = Vector256.Create(range.Low);
            var limit = Vector256.Create(width);
            for (var k = 0; k < 64; k += Vector256<long>.Count)
            {
                var shifted = (Vector256.Create(keys64.Slice(k, Vector256<long>.Count)) - low).AsUInt64();
                mask |= (ulong)Vector256.LessThan(shifted, limit).ExtractMostSignificantBits() << k;
            }

            return mask;
        }

        return PartialWord(keys64, range);
    }

    private static ulong PartialWord(ReadOnlySpan<long> keys64, KeyRange range)
    {
        var width = (ulong)(range.High - range.Low);
        ulong mask = 0;
        for (var k = 0; k < keys64.Length; k++)
        {
            if ((ulong)(keys64[k] - range.Low) < width)
            {
                mask |= 1UL << k;
            }
        }

        return mask;
    }
}
