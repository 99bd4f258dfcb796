using System.Numerics;

namespace TagApi.Core.Segments.Index;

public sealed partial class RoaringBitmap
{
    /// <summary>
    /// How many members two bitmaps share, without building the intersection: analytics asks this for
    /// every pair of an N×N matrix, and materialising each pair would allocate a bitmap per cell.
    /// </summary>
    public static long AndCardinality(RoaringBitmap left, RoaringBitmap right)
    {
        long total = 0;
        var slots = Math.Min(left._chunks.Length, right._chunks.Length);
        for (var key = 0; key < slots; key++)
        {
            if (left._chunks[key] is { } l && right._chunks[key] is { } r)
            {
                total += CountShared(l, r);
            }
        }

        return total;
    }

    private static int CountShared(Container left, Container right) => (left, right) switch
    {
        (BitsetContainer a, BitsetContainer b) => CountWords(a.Words, b.Words),
        (BitsetContainer a, ArrayContainer b) => CountIn(b.Values, a),
        (ArrayContainer a, BitsetContainer b) => CountIn(a.Values, b),
        (ArrayContainer a, ArrayContainer b) => CountSorted(a.Values, b.Values),
        _ => throw new InvalidOperationException("Unknown container kind."),
    };

    private static int CountWords(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b)
    {
        var count = 0;
        for (var i = 0; i < a.Length; i++)
        {
            count += BitOperations.PopCount(a[i] & b[i]);
        }

        return count;
    }

    private static int CountIn(ReadOnlySpan<ushort> values, BitsetContainer bits)
    {
        var words = bits.Words;
        var count = 0;
        foreach (var v in values)
        {
            count += (int)((words[v >> 6] >> v) & 1UL);
        }

        return count;
    }

    private static int CountSorted(ReadOnlySpan<ushort> a, ReadOnlySpan<ushort> b)
    {
        int i = 0, j = 0, count = 0;
        while (i < a.Length && j < b.Length)
        {
            if (a[i] == b[j])
            {
                count++;
                i++;
                j++;
            }
            else if (a[i] < b[j])
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return count;
    }
}
