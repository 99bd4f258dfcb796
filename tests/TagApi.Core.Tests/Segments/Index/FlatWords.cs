using System.Numerics;
using TagApi.Core.Segments.Index;

namespace TagApi.Core.Tests.Segments.Index;

/// <summary>
/// A reference for counts: flat word arrays (one bit per ordinal, no containers, no chunk directory) combined and
/// counted in one plain pass for a fixed expression shape, against which the evaluator's counts are checked.
/// </summary>
internal static class FlatWords
{
    /// <summary>Flattens a bitmap into <c>ceil(ordinalCount / 64)</c> words; members at or beyond the count are dropped.</summary>
    public static ulong[] ToWords(RoaringBitmap bitmap, int ordinalCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(ordinalCount);
        var words = new ulong[(ordinalCount + 63) / 64];
        var full = new ulong[Container.BitsetWords];
        for (var key = 0; key < bitmap.ChunkSlots; key++)
        {
            var chunk = bitmap.GetChunk(key);
            var start = key * Container.BitsetWords;
            if (chunk is null || start >= words.Length)
            {
                continue;
            }

            Array.Clear(full);
            chunk.OrInto(full);
            var length = Math.Min(Container.BitsetWords, words.Length - start);
            full.AsSpan(0, length).CopyTo(words.AsSpan(start));
        }

        if (ordinalCount % 64 != 0)
        {
            words[^1] &= (1UL << ordinalCount) - 1;
        }

        return words;
    }

    /// <summary>Counts <c>universe ∧ a ∧ b</c>: the two-term shape.</summary>
    public static long CountAnd(ReadOnlySpan<ulong> universe, ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b)
    {
        var n = universe.Length;
        a = a[..n];
        b = b[..n];
        long count = 0;
        for (var i = 0; i < n; i++)
        {
            count += BitOperations.PopCount(universe[i] & a[i] & b[i]);
        }

        return count;
    }

    /// <summary>Counts <c>universe ∧ (a ∨ b) ∧ c ∧ ¬d</c>: the four-term shape <c>(1|2)&amp;3&amp;!4</c>.</summary>
    public static long CountOrAndAndNot(ReadOnlySpan<ulong> universe, ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, ReadOnlySpan<ulong> c, ReadOnlySpan<ulong> d)
    {
        var n = universe.Length;
        a = a[..n];
        b = b[..n];
        c = c[..n];
        d = d[..n];
        long count = 0;
        for (var i = 0; i < n; i++)
        {
            count += BitOperations.PopCount(universe[i] & (a[i] | b[i]) & c[i] & ~d[i]);
        }

        return count;
    }
}
