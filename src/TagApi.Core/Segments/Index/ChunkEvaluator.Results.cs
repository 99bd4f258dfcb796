using System.Numerics;
using System.Runtime.CompilerServices;

namespace TagApi.Core.Segments.Index;

internal sealed partial class ChunkEvaluator
{
    /// <summary>Number of results in chunk <paramref name="key"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public long CountChunk(int key)
    {
        if (!Load(key))
        {
            return 0;
        }

        long count = 0;
        if (_driver is { } driver)
        {
            foreach (var value in driver.Values)
            {
                if (ProbeRoot(value))
                {
                    count++;
                }
            }

            return count;
        }

        var result = ResultBlock;
        for (var block = 0; block < BlocksPerChunk; block++)
        {
            count += EvaluateBlock<Counting>(_root, block, result);
        }

        return count;
    }

    /// <summary>
    /// Feeds the results of chunk <paramref name="key"/> whose low half is at least
    /// <paramref name="fromLow"/> to <paramref name="sink"/>, ascending. Returns false when the sink
    /// asked to stop, so callers skip the remaining chunks.
    /// </summary>
    public bool EmitChunk<TSink>(int key, int fromLow, ref TSink sink)
        where TSink : struct, IOrdinalSink
    {
        if (!Load(key))
        {
            return true;
        }

        var high = key << 16;
        if (_driver is { } driver)
        {
            var values = driver.Values;
            for (var i = driver.LowerBound(fromLow); i < values.Length; i++)
            {
                if (ProbeRoot(values[i]) && !sink.Accept(high | values[i]))
                {
                    return false;
                }
            }

            return true;
        }

        var firstWord = fromLow >> 6;
        var result = ResultBlock;
        for (var block = firstWord / BlockWords; block < BlocksPerChunk; block++)
        {
            EvaluateBlock<NotCounting>(_root, block, result);
            var blockStart = block * BlockWords;
            for (var w = Math.Max(firstWord - blockStart, 0); w < BlockWords; w++)
            {
                var index = blockStart + w;
                var word = index == firstWord ? result[w] & (ulong.MaxValue << fromLow) : result[w];
                for (; word != 0; word &= word - 1)
                {
                    if (!sink.Accept(high | (index << 6) | BitOperations.TrailingZeroCount(word)))
                    {
                        return false;
                    }
                }
            }
        }

        return true;
    }

    /// <summary>The results of chunk <paramref name="key"/> as a container stamped with <paramref name="owner"/>.</summary>
    public Container? MaterializeChunk(int key, long owner)
    {
        if (!Load(key))
        {
            return null;
        }

        if (_driver is { } driver)
        {
            Span<ushort> kept = stackalloc ushort[driver.Cardinality];
            var n = 0;
            foreach (var value in driver.Values)
            {
                if (ProbeRoot(value))
                {
                    kept[n++] = value;
                }
            }

            return Container.FromSortedValues(owner, kept[..n]);
        }

        var words = new ulong[Container.BitsetWords];
        long population = 0;
        for (var block = 0; block < BlocksPerChunk; block++)
        {
            population += EvaluateBlock<Counting>(_root, block, words.AsSpan(block * BlockWords, BlockWords));
        }

        return Container.FromWordBuffer(owner, words, (int)population);
    }

    /// <summary>Whether a value of the driver satisfies every other operand of the root.</summary>
    private bool ProbeRoot(ushort value)
    {
        var children = _root.Children;
        for (var i = 0; i < children.Length; i++)
        {
            var negated = _root.Negated[i];
            if ((negated || children[i] != _driverNode) && Probe(children[i], value) == negated)
            {
                return false;
            }
        }

        return true;
    }

    private bool Probe(PlanNode node, ushort value)
    {
        if (node.Kind == PlanNodeKind.Leaf)
        {
            return _leafChunks[node.LeafIndex]?.Contains(value) ?? false;
        }

        // AND wants every operand to hold, OR any one: stop at the first that decides it.
        var isAnd = node.Kind == PlanNodeKind.And;
        var children = node.Children;
        for (var i = 0; i < children.Length; i++)
        {
            if ((Probe(children[i], value) != node.Negated[i]) != isAnd)
            {
                return !isAnd;
            }
        }

        return isAnd;
    }
}
