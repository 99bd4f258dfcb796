namespace TagApi.Core.Segments.Index;

internal sealed partial class ChunkEvaluator
{
    /// <summary>
    /// Writes block <paramref name="block"/> of the loaded chunk's result for <paramref name="node"/>
    /// into <paramref name="dest"/> (<see cref="BlockWords"/> words).
    /// </summary>
    public void EvaluateBlock(PlanNode node, int block, Span<ulong> dest)
    {
        if (node.Kind == PlanNodeKind.Leaf)
        {
            LeafWords(node, block).CopyTo(dest);
            return;
        }

        var isAnd = node.Kind == PlanNodeKind.And;

        // A leaf operand is held back until the second arrives so the first step is one
        // three-operand pass (dest = a op b) instead of a copy followed by an in-place pass.
        ReadOnlySpan<ulong> pending = default;
        var pendingNegated = false;
        var state = 0; // 0: nothing yet, 1: pending holds the first operand, 2: dest holds the partial result
        for (var i = 0; i < node.Children.Length; i++)
        {
            var child = node.Children[i];
            var negated = node.Negated[i];
            if (_empty[child.Id])
            {
                // A plain empty operand empties an AND and adds nothing to an OR; a negated one is
                // all ones, which adds nothing to an AND and fills an OR. (The load pass already
                // skips nodes known to be empty, so the first case is a guard.)
                if (isAnd != negated)
                {
                    dest.Fill(isAnd ? 0 : ulong.MaxValue);
                    return;
                }

                continue;
            }

            if (child.Kind != PlanNodeKind.Leaf && state == 0)
            {
                EvaluateBlock(child, block, dest);
                if (negated)
                {
                    WordOps.Not(dest);
                }

                state = 2;
                continue;
            }

            var operand = child.Kind == PlanNodeKind.Leaf ? LeafWords(child, block) : EvaluateChild(child, block);
            if (state == 0)
            {
                pending = operand;
                pendingNegated = negated;
                state = 1;
            }
            else if (state == 1)
            {
                CombineFirst(isAnd, pending, pendingNegated, operand, negated, dest);
                state = 2;
            }
            else
            {
                Accumulate(isAnd, operand, negated, dest);
            }
        }

        if (state == 1)
        {
            if (pendingNegated)
            {
                WordOps.CopyNot(pending, dest);
            }
            else
            {
                pending.CopyTo(dest);
            }
        }
        else if (state == 0)
        {
            // Every operand dropped out as an identity: AND of nothing is everything, OR is nothing.
            dest.Fill(isAnd ? ulong.MaxValue : 0);
        }
    }

    private static void CombineFirst(bool isAnd, ReadOnlySpan<ulong> first, bool firstNegated, ReadOnlySpan<ulong> second, bool secondNegated, Span<ulong> dest)
    {
        switch (isAnd, firstNegated, secondNegated)
        {
            case (true, false, false):
                WordOps.Apply<AndOperator>(first, second, dest);
                break;
            case (true, false, true):
                WordOps.Apply<AndNotOperator>(first, second, dest);
                break;
            case (true, true, false):
                WordOps.Apply<AndNotOperator>(second, first, dest);
                break;
            case (false, false, false):
                WordOps.Apply<OrOperator>(first, second, dest);
                break;
            case (false, false, true):
                WordOps.Apply<OrNotOperator>(first, second, dest);
                break;
            case (false, true, false):
                WordOps.Apply<OrNotOperator>(second, first, dest);
                break;
            default:
                // Both negated: operands are ordered plain-first, so only all-negated nodes get here.
                WordOps.CopyNot(first, dest);
                Accumulate(isAnd, second, secondNegated, dest);
                break;
        }
    }

    private static void Accumulate(bool isAnd, ReadOnlySpan<ulong> operand, bool negated, Span<ulong> dest)
    {
        switch (isAnd, negated)
        {
            case (true, false):
                WordOps.And(dest, operand);
                break;
            case (true, true):
                WordOps.AndNot(dest, operand);
                break;
            case (false, false):
                WordOps.Or(dest, operand);
                break;
            default:
                WordOps.OrNot(dest, operand);
                break;
        }
    }

    /// <summary>Evaluates an inner operand into the scratch block of its depth.</summary>
    private ReadOnlySpan<ulong> EvaluateChild(PlanNode child, int block)
    {
        var scratch = _buffer.AsSpan(BlockWords * child.Depth, BlockWords);
        EvaluateBlock(child, block, scratch);
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
