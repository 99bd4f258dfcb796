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
    /// Chunks each worker must get before a count or materialisation is split across cores
    /// (about three million ordinals). A chunk takes well under a microsecond, and the split has to
    /// pay for handing work to the pool on a machine whose cores the database shares.
    /// </summary>
    private const int MinChunksPerWorker = 48;

    /// <summary>Ordinals per visitor call when streaming.</summary>
    private const int VisitBatch = 4096;

    private readonly QueryPlan _plan;

    internal BitmapQuery(QueryPlan plan) => _plan = plan;

    private int ChunkSlots => _plan.Universe.ChunkSlots;

    /// <summary>One contiguous range of chunk keys per worker; 1 means evaluate on the calling thread.</summary>
    private int Workers => Math.Clamp(ChunkSlots / MinChunksPerWorker, 1, Environment.ProcessorCount);

    /// <summary>Number of ordinals in the result.</summary>
    public long Count()
    {
        if (_plan.Root is null)
        {
            return 0;
        }

        var workers = Workers;
        var counts = new long[workers];
        ForEachRange(workers, (worker, evaluator, from, to) =>
        {
            long count = 0;
            for (var key = from; key < to; key++)
            {
                count += evaluator.CountChunk(key);
            }

            counts[worker] = count;
        });
        return counts.Sum();
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
    /// Up to <paramref name="limit"/> result ordinals smaller than <paramref name="beforeOrdinal"/>,
    /// ascending: the last ones before the bound (keyset paging backwards). Evaluates chunks from the
    /// bound downwards and stops once the page is full, so its cost does not grow with the members
    /// in front of it.
    /// </summary>
    public int[] LastPage(int beforeOrdinal, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        if (_plan.Root is null || limit == 0 || beforeOrdinal <= 0)
        {
            return [];
        }

        var page = new int[limit];
        var start = limit;
        using var evaluator = new ChunkEvaluator(_plan);
        var buffer = ArrayPool<int>.Shared.Rent(1 << 16);
        try
        {
            for (var key = Math.Min((beforeOrdinal - 1) >> 16, ChunkSlots - 1); key >= 0 && start > 0; key--)
            {
                var sink = new ChunkSink(buffer);
                evaluator.EmitChunk(key, 0, ref sink);
                var below = sink.Count;
                while (below > 0 && buffer[below - 1] >= beforeOrdinal)
                {
                    below--;
                }

                var taken = Math.Min(below, start);
                start -= taken;
                Array.Copy(buffer, below - taken, page, start, taken);
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(buffer);
        }

        return start == 0 ? page : page[start..];
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
        ForEachRange(Workers, (_, evaluator, from, to) =>
        {
            for (var key = from; key < to; key++)
            {
                chunks[key] = evaluator.MaterializeChunk(key, owner);
            }
        });

        result.AttachChunks(chunks);
        return result;
    }

    /// <summary>
    /// Runs <paramref name="body"/> over the chunk keys split into <paramref name="workers"/>
    /// contiguous ranges, each with its own evaluator; a single range runs on the calling thread.
    /// </summary>
    private void ForEachRange(int workers, Action<int, ChunkEvaluator, int, int> body)
    {
        if (workers == 1)
        {
            using var evaluator = new ChunkEvaluator(_plan);
            body(0, evaluator, 0, ChunkSlots);
            return;
        }

        Parallel.For(0, workers, worker =>
        {
            using var evaluator = new ChunkEvaluator(_plan);
            body(worker, evaluator, ChunkSlots * worker / workers, ChunkSlots * (worker + 1) / workers);
        });
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
