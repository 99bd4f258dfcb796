using System.Runtime.CompilerServices;
namespace TagApi.Core.Segments.Index;

internal sealed partial class ChunkEvaluator
{
    /// <summary>
    /// Writes block <paramref name="block"/> of the loaded chunk's result for <paramref name="node"/>
    /// into <paramref name="dest"/> (<see cref="BlockWords"/> words) and, when
    /// <typeparamref name="TCount"/> counts, returns its population (otherwise 0).
    /// </summary>
    /// <remarks>
    /// Leaf operands are folded up to four per pass; a leaf with no container in this chunk reads
    /// as zeros, which is already right for every polarity and operator. Subtrees follow, each
    /// evaluated into the scratch block of its depth and folded in. Only the final pass counts, so
    /// counting rides on a pass that is waiting for memory anyway.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public long EvaluateBlock<TCount>(PlanNode node, int block, Span<ulong> dest)
        where TCount : struct, ICountPolicy
    {
        if (node.Kind == PlanNodeKind.Leaf)
        {
            LeafWords(node, block).CopyTo(dest);
            return TCount.Counts ? WordOps.PopCount(dest) : 0;
        }

        var isAnd = node.Kind == PlanNodeKind.And;
        var inner = node.InnerOperands;
        var last = -1;
        for (var k = 0; k < inner.Length; k++)
        {
            var (child, negated) = inner[k];
            if (!_empty[child.Id])
            {
                last = k;
            }
            else if (isAnd != negated)
            {
                // A plain empty subtree empties an AND; a negated one (all ones) fills an OR. The
                // opposite cases are identities and are skipped below. (Loading already skips
                // nodes known to be empty, so the AND case is a guard.)
                dest.Fill(isAnd ? 0 : ulong.MaxValue);
                return TCount.Counts && !isAnd ? dest.Length * 64L : 0;
            }
        }

        var started = node.LeafOperands.Length > 0;
        var population = last < 0
            ? FoldLeaves<TCount>(node.LeafOperands, isAnd, block, dest)
            : FoldLeaves<NotCounting>(node.LeafOperands, isAnd, block, dest);
        if (last < 0)
        {
            if (!started)
            {
                // Every operand dropped out as an identity: AND of nothing is everything, OR nothing.
                dest.Fill(isAnd ? ulong.MaxValue : 0);
                return TCount.Counts && isAnd ? dest.Length * 64L : 0;
            }

            return population;
        }

        for (var k = 0; k <= last; k++)
        {
            var (child, negated) = inner[k];
            if (_empty[child.Id])
            {
                continue;
            }

            var final = k == last;
            if (!started)
            {
                if (final && !negated)
                {
                    return EvaluateBlock<TCount>(child, block, dest);
                }

                EvaluateBlock<NotCounting>(child, block, dest);
                if (negated && final)
                {
                    return WordOps.Apply<NotRightOperator, TCount>(dest, dest, dest);
                }

                if (negated)
                {
                    WordOps.Not(dest);
                }

                started = true;
                continue;
            }

            // A subtree of a few leaves, like (a | b), needs no scratch block of its own.
            if (child.InnerOperands.Length == 0 && child.LeafOperands.Length <= 4)
            {
                if (final)
                {
                    return FoldSubtreeInto<TCount>(isAnd, child, negated, block, dest);
                }

                FoldSubtreeInto<NotCounting>(isAnd, child, negated, block, dest);
                continue;
            }

            var words = EvaluateChild(child, block);
            if (final)
            {
                return Accumulate<TCount>(isAnd, words, negated, dest);
            }

            Accumulate<NotCounting>(isAnd, words, negated, dest);
        }

        return 0;
    }

    /// <summary>Evaluates an inner operand into the scratch block of its depth.</summary>
    private ReadOnlySpan<ulong> EvaluateChild(PlanNode child, int block)
    {
        var scratch = _buffer.AsSpan(BlockWords * child.Depth, BlockWords);
        EvaluateBlock<NotCounting>(child, block, scratch);
        return scratch;
    }

    /// <summary>A leaf's words for one block: a bitset's own slice, or an array expanded once per block.</summary>
    private ReadOnlySpan<ulong> LeafWords(PlanNode leaf, int block)
    {
        var index = leaf.LeafIndex;
        switch (_leafChunks[index])
        {
            case BitsetContainer bitset:
                return bitset.Words.Slice(block * BlockWords, BlockWords);
            case ArrayContainer { WorthCaching: true } array:
                return array.CachedWords.Slice(block * BlockWords, BlockWords);
            case ArrayContainer array:
                var expanded = _buffer.AsSpan(BlockWords * (1 + _plan.MaxDepth + index), BlockWords);
                if (_expandedBlock[index] != block)
                {
                    expanded.Clear();
                    array.OrRangeInto(block * BlockWords, expanded);
                    _expandedBlock[index] = block;
                }

                return expanded;
            default:
                return WordOps.Zeros[..BlockWords];
        }
    }
}
