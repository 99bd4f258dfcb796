using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace TagApi.Core.Segments.Index;

/// <summary>
/// Element-wise loops over word spans. Uses 256-bit vectors where the hardware has them,
/// 128-bit otherwise, and a scalar tail; spans are reinterpreted with
/// <see cref="MemoryMarshal.Cast{TFrom, TTo}(Span{TFrom})"/> so no unsafe code is needed.
/// </summary>
internal static partial class WordOps
{
    /// <summary>A full chunk's worth of zero words, for operands that have no container.</summary>
    public static ReadOnlySpan<ulong> Zeros => ZeroWords;

    private static readonly ulong[] ZeroWords = new ulong[Container.BitsetWords];

    public static void And(Span<ulong> dest, ReadOnlySpan<ulong> src) => Apply<AndOperator>(dest, src, dest);

    public static void AndNot(Span<ulong> dest, ReadOnlySpan<ulong> src) => Apply<AndNotOperator>(dest, src, dest);

    public static void Or(Span<ulong> dest, ReadOnlySpan<ulong> src) => Apply<OrOperator>(dest, src, dest);

    public static void OrNot(Span<ulong> dest, ReadOnlySpan<ulong> src) => Apply<OrNotOperator>(dest, src, dest);

    public static void CopyNot(ReadOnlySpan<ulong> src, Span<ulong> dest) => Apply<NotRightOperator>(dest, src, dest);

    public static void Not(Span<ulong> dest) => Apply<NotRightOperator>(dest, dest, dest);

    /// <summary>
    /// <c>dest[i] = op(left[i], right[i])</c> over <c>dest.Length</c> words. The spans may alias
    /// because every element is read before it is written.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Apply<TOp>(ReadOnlySpan<ulong> left, ReadOnlySpan<ulong> right, Span<ulong> dest)
        where TOp : struct, IWordOperator => Apply<TOp, NotCounting>(left, right, dest);

    /// <summary>
    /// Like <see cref="Apply{TOp}"/>, returning the population of the result when
    /// <typeparamref name="TCount"/> asks for it. Counting inside the pass that produces the words
    /// lets the popcounts overlap the memory reads instead of costing a pass of their own.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static long Apply<TOp, TCount>(ReadOnlySpan<ulong> left, ReadOnlySpan<ulong> right, Span<ulong> dest)
        where TOp : struct, IWordOperator
        where TCount : struct, ICountPolicy
    {
        var length = dest.Length;
        left = left[..length];
        right = right[..length];
        var done = 0;
        long population = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var l = Cast256(left);
            var r = Cast256(right);
            var d = MemoryMarshal.Cast<ulong, Vector256<ulong>>(dest);
            for (var i = 0; i < d.Length; i++)
            {
                var v = TOp.Apply(l[i], r[i]);
                d[i] = v;
                if (TCount.Counts)
                {
                    population += PopCount(v);
                }
            }

            done = d.Length * Vector256<ulong>.Count;
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            var l = Cast128(left);
            var r = Cast128(right);
            var d = MemoryMarshal.Cast<ulong, Vector128<ulong>>(dest);
            for (var i = 0; i < d.Length; i++)
            {
                var v = TOp.Apply(l[i], r[i]);
                d[i] = v;
                if (TCount.Counts)
                {
                    population += PopCount(v);
                }
            }

            done = d.Length * Vector128<ulong>.Count;
        }

        for (var i = done; i < length; i++)
        {
            var w = TOp.Apply(left[i], right[i]);
            dest[i] = w;
            if (TCount.Counts)
            {
                population += BitOperations.PopCount(w);
            }
        }

        return population;
    }

    /// <summary>Number of set bits; four accumulators keep the popcnt units busy.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static long PopCount(ReadOnlySpan<ulong> words)
    {
        long a = 0, b = 0, c = 0, d = 0;
        var i = 0;
        for (; i + 4 <= words.Length; i += 4)
        {
            a += BitOperations.PopCount(words[i]);
            b += BitOperations.PopCount(words[i + 1]);
            c += BitOperations.PopCount(words[i + 2]);
            d += BitOperations.PopCount(words[i + 3]);
        }

        for (; i < words.Length; i++)
        {
            a += BitOperations.PopCount(words[i]);
        }

        return a + b + c + d;
    }

    /// <summary>Sets bits <c>[start, end)</c> of a word buffer.</summary>
    public static void SetRange(Span<ulong> words, int start, int end)
    {
        if (start >= end)
        {
            return;
        }

        var first = start >> 6;
        var last = (end - 1) >> 6;
        var firstMask = ulong.MaxValue << start;
        var lastMask = ulong.MaxValue >> (63 - ((end - 1) & 63));
        if (first == last)
        {
            words[first] |= firstMask & lastMask;
            return;
        }

        words[first] |= firstMask;
        words[(first + 1)..last].Fill(ulong.MaxValue);
        words[last] |= lastMask;
    }

    private static int PopCount(Vector256<ulong> v) =>
        BitOperations.PopCount(v.GetElement(0)) + BitOperations.PopCount(v.GetElement(1))
        + BitOperations.PopCount(v.GetElement(2)) + BitOperations.PopCount(v.GetElement(3));

    private static int PopCount(Vector128<ulong> v) => BitOperations.PopCount(v.GetElement(0)) + BitOperations.PopCount(v.GetElement(1));

    private static ReadOnlySpan<Vector256<ulong>> Cast256(ReadOnlySpan<ulong> words) => MemoryMarshal.Cast<ulong, Vector256<ulong>>(words);

    private static ReadOnlySpan<Vector128<ulong>> Cast128(ReadOnlySpan<ulong> words) => MemoryMarshal.Cast<ulong, Vector128<ulong>>(words);
}
