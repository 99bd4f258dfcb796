using System.Runtime.CompilerServices;
namespace TagApi.Core.Segments.Index;

/// <summary>The passes that fold leaf operands into a block, several operands per pass.</summary>
internal sealed partial class ChunkEvaluator
{
    /// <summary>Folds a node's leaf operands into <paramref name="dest"/>; the last pass counts if asked.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private long FoldLeaves<TCount>((PlanNode Leaf, bool Negated)[] leaves, bool isAnd, int block, Span<ulong> dest)
        where TCount : struct, ICountPolicy
    {
        var i = 0;
        var started = false;
        long population = 0;
        while (i < leaves.Length)
        {
            var remaining = leaves.Length - i;
            if (remaining == 1)
            {
                var (leaf, negated) = leaves[i++];
                var words = LeafWords(leaf, block);
                population = started
                    ? Accumulate<TCount>(isAnd, words, negated, dest)
                    : negated
                        ? WordOps.Apply<NotRightOperator, TCount>(dest, words, dest)
                        : Copy<TCount>(words, dest);
            }
            else if (remaining == 2 && !started)
            {
                population = CombineFirst<TCount>(isAnd, LeafWords(leaves[i].Leaf, block), leaves[i].Negated, LeafWords(leaves[i + 1].Leaf, block), leaves[i + 1].Negated, dest);
                i += 2;
            }
            else
            {
                // Up to four operands per pass; dest is the first once it holds a partial result.
                // Missing operands are padded with the operator's identity (zeros, negated for AND).
                var final = remaining <= (started ? 3 : 4);
                var identity = isAnd ? ulong.MaxValue : 0;
                var ma = 0UL;
                var a = started ? dest : NextOperand(leaves, ref i, block, identity, out ma);
                var b = NextOperand(leaves, ref i, block, identity, out var mb);
                var c = NextOperand(leaves, ref i, block, identity, out var mc);
                var d = NextOperand(leaves, ref i, block, identity, out var md);
                population = (isAnd, final) switch
                {
                    (true, true) => WordOps.Fold4<AndOperator, TCount>(a, ma, b, mb, c, mc, d, md, dest),
                    (true, false) => WordOps.Fold4<AndOperator, NotCounting>(a, ma, b, mb, c, mc, d, md, dest),
                    (false, true) => WordOps.Fold4<OrOperator, TCount>(a, ma, b, mb, c, mc, d, md, dest),
                    _ => WordOps.Fold4<OrOperator, NotCounting>(a, ma, b, mb, c, mc, d, md, dest),
                };
            }

            started = true;
        }

        return population;
    }

    /// <summary>Folds a subtree of at most four leaves straight into <paramref name="dest"/> in one pass.</summary>
    private long FoldSubtreeInto<TCount>(bool isAnd, PlanNode child, bool negated, int block, Span<ulong> dest)
        where TCount : struct, ICountPolicy
    {
        var leaves = child.LeafOperands;
        var identity = child.Kind == PlanNodeKind.And ? ulong.MaxValue : 0;
        var i = 0;
        var a = NextOperand(leaves, ref i, block, identity, out var ma);
        var b = NextOperand(leaves, ref i, block, identity, out var mb);
        var c = NextOperand(leaves, ref i, block, identity, out var mc);
        var d = NextOperand(leaves, ref i, block, identity, out var md);
        var mo = negated ? ulong.MaxValue : 0;
        return (isAnd, child.Kind == PlanNodeKind.And) switch
        {
            (true, true) => WordOps.FoldInto<AndOperator, AndOperator, TCount>(dest, mo, a, ma, b, mb, c, mc, d, md),
            (true, false) => WordOps.FoldInto<AndOperator, OrOperator, TCount>(dest, mo, a, ma, b, mb, c, mc, d, md),
            (false, true) => WordOps.FoldInto<OrOperator, AndOperator, TCount>(dest, mo, a, ma, b, mb, c, mc, d, md),
            _ => WordOps.FoldInto<OrOperator, OrOperator, TCount>(dest, mo, a, ma, b, mb, c, mc, d, md),
        };
    }

    /// <summary>The next leaf operand's words and negation mask, or the identity once they run out.</summary>
    private ReadOnlySpan<ulong> NextOperand((PlanNode Leaf, bool Negated)[] leaves, ref int i, int block, ulong identity, out ulong mask)
    {
        if (i == leaves.Length)
        {
            mask = identity;
            return WordOps.Zeros[..BlockWords];
        }

        var (leaf, negated) = leaves[i++];
        mask = negated ? ulong.MaxValue : 0;
        return LeafWords(leaf, block);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long Copy<TCount>(ReadOnlySpan<ulong> words, Span<ulong> dest)
        where TCount : struct, ICountPolicy
    {
        words.CopyTo(dest);
        return TCount.Counts ? WordOps.PopCount(dest) : 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long CombineFirst<TCount>(bool isAnd, ReadOnlySpan<ulong> first, bool firstNegated, ReadOnlySpan<ulong> second, bool secondNegated, Span<ulong> dest)
        where TCount : struct, ICountPolicy
    {
        switch (isAnd, firstNegated, secondNegated)
        {
            case (true, false, false):
                return WordOps.Apply<AndOperator, TCount>(first, second, dest);
            case (true, false, true):
                return WordOps.Apply<AndNotOperator, TCount>(first, second, dest);
            case (true, true, false):
                return WordOps.Apply<AndNotOperator, TCount>(second, first, dest);
            case (false, false, false):
                return WordOps.Apply<OrOperator, TCount>(first, second, dest);
            case (false, false, true):
                return WordOps.Apply<OrNotOperator, TCount>(first, second, dest);
            case (false, true, false):
                return WordOps.Apply<OrNotOperator, TCount>(second, first, dest);
            default:
                // Both negated: operands are ordered plain-first, so only all-negated nodes get here.
                WordOps.CopyNot(first, dest);
                return Accumulate<TCount>(isAnd, second, secondNegated, dest);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long Accumulate<TCount>(bool isAnd, ReadOnlySpan<ulong> operand, bool negated, Span<ulong> dest)
        where TCount : struct, ICountPolicy => (isAnd, negated) switch
        {
            (true, false) => WordOps.Apply<AndOperator, TCount>(dest, operand, dest),
            (true, true) => WordOps.Apply<AndNotOperator, TCount>(dest, operand, dest),
            (false, false) => WordOps.Apply<OrOperator, TCount>(dest, operand, dest),
            _ => WordOps.Apply<OrNotOperator, TCount>(dest, operand, dest),
        };
}
