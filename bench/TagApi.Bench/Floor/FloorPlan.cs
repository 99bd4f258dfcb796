using System.Linq.Expressions;
using System.Numerics;
using TagApi.Bench.Queries;

namespace TagApi.Bench.Floor;

/// <summary>
/// A segment compiled into one fused word loop over the floor's bitsets: for each 64-customer word,
/// load the tags' words, combine them with the expression's AND/OR/NOT, and popcount — no
/// intermediate bitmaps. Column tests run only for words the tag part leaves non-empty.
/// Compilation (expression tree → IL → JIT) happens once per expression, outside the timing.
/// </summary>
public sealed class FloorPlan
{
    private readonly FloorIndex _index;
    private readonly Func<long> _count;
    private readonly Func<int, ulong> _word;

    public FloorPlan(FloorIndex index, Segment segment, Func<string, long> tagId, DateTime now)
    {
        _index = index;
        var compiler = new WordCompiler(index, tagId, now);
        var expanded = segment.Expand();
        _count = compiler.CountLoop(expanded);
        _word = compiler.SingleWord(expanded);
    }

    public long Count() => _count();

    /// <summary>Up to <paramref name="limit"/> member ids greater than <paramref name="afterId"/>, stopping early.</summary>
    public List<long> Page(long afterId, int limit)
    {
        var result = new List<long>(limit);
        var ordinal = _index.OrdinalAfter(afterId);
        for (var w = ordinal >> 6; w < _index.Words && result.Count < limit; w++)
        {
            var bits = _word(w);
            if (w == ordinal >> 6)
            {
                bits &= ulong.MaxValue << (ordinal & 63);
            }

            while (bits != 0 && result.Count < limit)
            {
                result.Add(_index.Ids[(w << 6) + BitOperations.TrailingZeroCount(bits)]);
                bits &= bits - 1;
            }
        }

        return result;
    }

    /// <summary>Every member id, in batches, to <paramref name="sink"/>; returns how many.</summary>
    public long Export(Action<ReadOnlySpan<long>> sink)
    {
        var buffer = new long[4096];
        var filled = 0;
        long total = 0;
        for (var w = 0; w < _index.Words; w++)
        {
            var bits = _word(w);
            while (bits != 0)
            {
                buffer[filled++] = _index.Ids[(w << 6) + BitOperations.TrailingZeroCount(bits)];
                bits &= bits - 1;
                if (filled == buffer.Length)
                {
                    sink(buffer);
                    total += filled;
                    filled = 0;
                }
            }
        }

        sink(buffer.AsSpan(0, filled));
        return total + filled;
    }
}
