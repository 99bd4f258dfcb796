using System.Buffers;

namespace TagApi.Core.Segments.Index;

/// <summary>
/// A compiled <see cref="BitmapExpression"/>, evaluated chunk by chunk in one fused pass per
/// chunk. Compile once and evaluate as often as needed; evaluation is thread-safe as long as the
/// bitmaps it reads are not changing, which holds when they are snapshots.
/// </summary>
/// <remarks>Leaves are read at evaluation time, not at compile time.</remarks>
public sealed class BitmapQuery
{
    /// <summary>
    /// Below this many chunks (about two million ordinals) a count takes tens of microseconds and
    /// handing chunks to other cores costs more than it saves.
    /// </summary>
    private const int ParallelMinChunks = 32;

    /// <summary>Ordinals per visitor call when streaming.</summary>
    private const int VisitBatch = 4096;

    private readonly QueryPlan _plan;

    internal BitmapQuery(QueryPlan plan) => _plan = plan;

    private int ChunkSlots => _plan.Universe.ChunkSlots;

    private bool RunsInParallel => ChunkSlots >= ParallelMinChunks && Environment.ProcessorCount > 1;

    /// <summary>Number of ordinals in the result.</summary>
    public long Count()
    {
        if (_plan.Root is null)
        {
            return 0;
        }

        if (!RunsInParallel)
        {
            using var evaluator = new ChunkEvaluator(_plan);
            long count = 0;
            for (var key = 0; key < ChunkSlots; key++)
            {
                count += evaluator.CountChunk(key);
            }

            return count;
        }

        long total = 0;
        Parallel.For(
            0,
            ChunkSlots,
            () => (Evaluator: new ChunkEvaluator(_plan), Count: 0L),
            (key, _, local) => (local.Evaluator, local.Count + local.Evaluator.CountChunk(key)),
            local =>
            {
                Interlocked.Add(ref total, local.Count);
                local.Evaluator.Dispose();
            });
        return total;
    }

    /// <summary>
    /// Up to <paramref name="limit"/> result ordinals greater than <paramref name="afterOrdinal"/>,
    /// ascending (keyset paging: pass the last ordinal of the previous page, or -1 to start).
    /// Stops evaluating as soon as the page is full.
    /// </summary>
    public int[] FirstPage(int afterOrdinal, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        if (_plan.Root is null || limit == 0 || afterOrdinal == int.MaxValue)
        {
            return [];
        }

        var sink = new PageSink(limit);
        Walk(Math.Max(afterOrdinal + 1, 0), ref sink);
        return sink.ToArray();
    }

    /// <summary>
    /// Streams every result ordinal greater than <paramref name="afterOrdinal"/> to
    /// <paramref name="visitor"/> in ascending batches, in constant memory (export).
    /// </summary>
    public void Visit(OrdinalBatchVisitor visitor, int afterOrdinal = -1)
    {
        if (_plan.Root is null || afterOrdinal == int.MaxValue)
        {
            return;
        }

        var buffer = ArrayPool<int>.Shared.Rent(VisitBatch);
        try
        {
            var sink = new BatchSink(buffer, visitor);
            if (Walk(Math.Max(afterOrdinal + 1, 0), ref sink))
            {
                sink.Flush();
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(buffer);
        }
    }

    /// <summary>Every result ordinal greater than <paramref name="afterOrdinal"/>, ascending, computed a chunk at a time.</summary>
    public IEnumerable<int> Enumerate(int afterOrdinal = -1)
    {
        if (_plan.Root is null || afterOrdinal == int.MaxValue)
        {
            return [];
        }

        return EnumerateChunks(Math.Max(afterOrdinal + 1, 0));
    }

    /// <summary>The result as a new writable bitmap.</summary>
    public RoaringBitmap Materialize()
    {
        var result = new RoaringBitmap();
        if (_plan.Root is null)
        {
            return result;
        }

        var owner = result.WriteToken;
        var chunks = new Container?[ChunkSlots];
        if (RunsInParallel)
        {
            Parallel.For(
                0,
                chunks.Length,
                () => new ChunkEvaluator(_plan),
                (key, _, evaluator) =>
                {
                    chunks[key] = evaluator.MaterializeChunk(key, owner);
                    return evaluator;
                },
                evaluator => evaluator.Dispose());
        }
        else
        {
            using var evaluator = new ChunkEvaluator(_plan);
            for (var key = 0; key < chunks.Length; key++)
            {
                chunks[key] = evaluator.MaterializeChunk(key, owner);
            }
        }

        result.AttachChunks(chunks);
        return result;
    }

    /// <summary>Feeds results from <paramref name="from"/> on to the sink; false when it stopped early.</summary>
    private bool Walk<TSink>(int from, ref TSink sink)
        where TSink : struct, IOrdinalSink
    {
        using var evaluator = new ChunkEvaluator(_plan);
        var firstKey = from >> 16;
        for (var key = firstKey; key < ChunkSlots; key++)
        {
            if (!evaluator.EmitChunk(key, key == firstKey ? from & 0xFFFF : 0, ref sink))
            {
                return false;
            }
        }

        return true;
    }

    private IEnumerable<int> EnumerateChunks(int from)
    {
        using var evaluator = new ChunkEvaluator(_plan);
        var buffer = ArrayPool<int>.Shared.Rent(1 << 16);
        try
        {
            var firstKey = from >> 16;
            for (var key = firstKey; key < ChunkSlots; key++)
            {
                var sink = new ChunkSink(buffer);
                evaluator.EmitChunk(key, key == firstKey ? from & 0xFFFF : 0, ref sink);
                for (var i = 0; i < sink.Count; i++)
                {
                    yield return buffer[i];
                }
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(buffer);
        }
    }
}
