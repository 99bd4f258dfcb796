using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace TagApi.Bench.Floor;

/// <summary>Column tests for one word (64 customers), narrowing a mask of candidates.</summary>
public static class ColumnMasks
{
    /// <summary>
    /// The bits of <paramref name="candidates"/> whose customer's value exceeds <paramref name="threshold"/>.
    /// Few candidates are checked one by one; many with vector compares over the whole word.
    /// </summary>
    public static ulong Greater(long[] column, int word, long threshold, ulong candidates)
    {
        if (candidates == 0)
        {
            return 0;
        }

        var start = word * 64;
        if (BitOperations.PopCount(candidates) > 12 && start + 64 <= column.Length && Vector256.IsHardwareAccelerated)
        {
            return candidates & Vectorised(column, start, threshold);
        }

        var result = candidates;
        for (var bits = candidates; bits != 0; bits &= bits - 1)
        {
            var k = BitOperations.TrailingZeroCount(bits);
            if (column[start + k] <= threshold)
            {
                result &= ~(1UL << k);
            }
        }

        return result;
    }

    private static ulong Vectorised(long[] column, int start, long threshold)
    {
        ref var first = ref MemoryMarshal.GetArrayDataReference(column);
        ulong mask = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var limit = Vector512.Create(threshold);
            for (var k = 0; k < 64; k += Vector512<long>.Count)
            {
                mask |= Vector512.GreaterThan(Vector512.LoadUnsafe(ref Unsafe.Add(ref first, start + k)), limit).ExtractMostSignificantBits() << k;
            }

            return mask;
        }

        var limit256 = Vector256.Create(threshold);
        for (var k = 0; k < 64; k += Vector256<long>.Count)
        {
            mask |= (ulong)Vector256.GreaterThan(Vector256.LoadUnsafe(ref Unsafe.Add(ref first, start + k)), limit256).ExtractMostSignificantBits() << k;
        }

        return mask;
    }
}
