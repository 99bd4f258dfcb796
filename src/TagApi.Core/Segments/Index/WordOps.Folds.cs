using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace TagApi.Core.Segments.Index;

/// <summary>Multi-operand word loops: several operators applied in one pass over memory.</summary>
internal static partial class WordOps
{
    /// <summary>
    /// <c>dest[i] = (a[i] ^ ma) op (b[i] ^ mb) op (c[i] ^ mc) op (d[i] ^ md)</c>: up to four operands in
    /// one pass, a mask of all ones negating its operand. Folding several operands per pass keeps the
    /// fused loop close to a hand-written expression instead of one pass per operator.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static long Fold4<TOp, TCount>(
        ReadOnlySpan<ulong> a, ulong ma, ReadOnlySpan<ulong> b, ulong mb, ReadOnlySpan<ulong> c, ulong mc, ReadOnlySpan<ulong> d, ulong md, Span<ulong> dest)
        where TOp : struct, IWordOperator
        where TCount : struct, ICountPolicy
    {
        var length = dest.Length;
        a = a[..length];
        b = b[..length];
        c = c[..length];
        d = d[..length];
        var done = 0;
        long population = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var va = Cast256(a);
            var vb = Cast256(b);
            var vc = Cast256(c);
            var vd = Cast256(d);
            var (xa, xb, xc, xd) = (Vector256.Create(ma), Vector256.Create(mb), Vector256.Create(mc), Vector256.Create(md));
            var vdest = MemoryMarshal.Cast<ulong, Vector256<ulong>>(dest);
            for (var i = 0; i < vdest.Length; i++)
            {
                var v = TOp.Apply(TOp.Apply(va[i] ^ xa, vb[i] ^ xb), TOp.Apply(vc[i] ^ xc, vd[i] ^ xd));
                vdest[i] = v;
                if (TCount.Counts)
                {
                    population += PopCount(v);
                }
            }

            done = vdest.Length * Vector256<ulong>.Count;
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            var va = Cast128(a);
            var vb = Cast128(b);
            var vc = Cast128(c);
            var vd = Cast128(d);
            var (xa, xb, xc, xd) = (Vector128.Create(ma), Vector128.Create(mb), Vector128.Create(mc), Vector128.Create(md));
            var vdest = MemoryMarshal.Cast<ulong, Vector128<ulong>>(dest);
            for (var i = 0; i < vdest.Length; i++)
            {
                var v = TOp.Apply(TOp.Apply(va[i] ^ xa, vb[i] ^ xb), TOp.Apply(vc[i] ^ xc, vd[i] ^ xd));
                vdest[i] = v;
                if (TCount.Counts)
                {
                    population += PopCount(v);
                }
            }

            done = vdest.Length * Vector128<ulong>.Count;
        }

        for (var i = done; i < length; i++)
        {
            var w = TOp.Apply(TOp.Apply(a[i] ^ ma, b[i] ^ mb), TOp.Apply(c[i] ^ mc, d[i] ^ md));
            dest[i] = w;
            if (TCount.Counts)
            {
                population += BitOperations.PopCount(w);
            }
        }

        return population;
    }

    /// <summary>
    /// <c>dest[i] = dest[i] outer (((a[i] ^ ma) inner (b[i] ^ mb) inner (c[i] ^ mc) inner (d[i] ^ md)) ^ mo)</c>:
    /// a subtree made only of leaves, such as the <c>(a | b)</c> in <c>(a | b) &amp; c</c>, folded
    /// straight into its parent's partial result without a scratch block.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static long FoldInto<TOuter, TInner, TCount>(
        Span<ulong> dest, ulong mo, ReadOnlySpan<ulong> a, ulong ma, ReadOnlySpan<ulong> b, ulong mb, ReadOnlySpan<ulong> c, ulong mc, ReadOnlySpan<ulong> d, ulong md)
        where TOuter : struct, IWordOperator
        where TInner : struct, IWordOperator
        where TCount : struct, ICountPolicy
    {
        var length = dest.Length;
        a = a[..length];
        b = b[..length];
        c = c[..length];
        d = d[..length];
        var done = 0;
        long population = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var va = Cast256(a);
            var vb = Cast256(b);
            var vc = Cast256(c);
            var vd = Cast256(d);
            var (xo, xa, xb, xc, xd) = (Vector256.Create(mo), Vector256.Create(ma), Vector256.Create(mb), Vector256.Create(mc), Vector256.Create(md));
            var vdest = MemoryMarshal.Cast<ulong, Vector256<ulong>>(dest);
            for (var i = 0; i < vdest.Length; i++)
            {
                var inner = TInner.Apply(TInner.Apply(va[i] ^ xa, vb[i] ^ xb), TInner.Apply(vc[i] ^ xc, vd[i] ^ xd));
                var v = TOuter.Apply(vdest[i], inner ^ xo);
                vdest[i] = v;
                if (TCount.Counts)
                {
                    population += PopCount(v);
                }
            }

            done = vdest.Length * Vector256<ulong>.Count;
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            var va = Cast128(a);
            var vb = Cast128(b);
            var vc = Cast128(c);
            var vd = Cast128(d);
            var (xo, xa, xb, xc, xd) = (Vector128.Create(mo), Vector128.Create(ma), Vector128.Create(mb), Vector128.Create(mc), Vector128.Create(md));
            var vdest = MemoryMarshal.Cast<ulong, Vector128<ulong>>(dest);
            for (var i = 0; i < vdest.Length; i++)
            {
                var inner = TInner.Apply(TInner.Apply(va[i] ^ xa, vb[i] ^ xb), TInner.Apply(vc[i] ^ xc, vd[i] ^ xd));
                var v = TOuter.Apply(vdest[i], inner ^ xo);
                vdest[i] = v;
                if (TCount.Counts)
                {
                    population += PopCount(v);
                }
            }

            done = vdest.Length * Vector128<ulong>.Count;
        }

        for (var i = done; i < length; i++)
        {
            var inner = TInner.Apply(TInner.Apply(a[i] ^ ma, b[i] ^ mb), TInner.Apply(c[i] ^ mc, d[i] ^ md));
            var w = TOuter.Apply(dest[i], inner ^ mo);
            dest[i] = w;
            if (TCount.Counts)
            {
                population += BitOperations.PopCount(w);
            }
        }

        return population;
    }
}
