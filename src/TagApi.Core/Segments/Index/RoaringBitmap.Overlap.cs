using System.Buffers;

namespace TagApi.Core.Segments.Index;

public sealed partial class RoaringBitmap
{
    // A chunk with fewer members is counted by probing its values; from here on as words (a probe per value would cost
    // more than a popcount over the chunk's 1,024 words).
    private const int CountAsWordsFrom = 256;

    /// <summary>
    /// Every pairwise intersection count of <paramref name="sets"/> (<c>[i][j]</c>; the diagonal is each set's size),
    /// chunk by chunk: each set's chunk is turned into words once per matrix — a bitset's own, an array's cached copy, or
    /// an expansion into one scratch buffer — so a pair costs one popcount loop over two word arrays, or a probe of a
    /// sparse chunk's few values, and nothing is built or allocated per pair.
    /// </summary>
    public static long[][] PairwiseAndCardinality(IReadOnlyList<RoaringBitmap> sets)
    {
        var n = sets.Count;
        var counts = new long[n][];
        var slots = 0;
        for (var i = 0; i < n; i++)
        {
            counts[i] = new long[n];
            counts[i][i] = sets[i].Cardinality;
            slots = Math.Max(slots, sets[i]._chunks.Length);
        }

        var scratch = ArrayPool<ulong>.Shared.Rent(Math.Max(1, n) * Container.BitsetWords);
        var chunks = new ChunkWords[n];
        try
        {
            for (var key = 0; key < slots; key++)
            {
                for (var i = 0; i < n; i++)
                {
                    chunks[i] = ChunkWords.Of(sets[i]._chunks, key, scratch, i * Container.BitsetWords);
                }

                for (var i = 0; i < n; i++)
                {
                    if (chunks[i].IsEmpty)
                    {
                        continue;
                    }

                    for (var j = i + 1; j < n; j++)
                    {
                        if (!chunks[j].IsEmpty)
                        {
                            counts[i][j] += ChunkWords.CountShared(chunks[i], chunks[j]);
                        }
                    }
                }
            }
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(scratch);
        }

        for (var i = 0; i < n; i++)
        {
            for (var j = i + 1; j < n; j++)
            {
                counts[j][i] = counts[i][j];
            }
        }

        return counts;
    }

    /// <summary>One set's chunk as the pairwise count reads it: sparse values, or 1,024 words at an offset of an array.</summary>
    private readonly record struct ChunkWords(ushort[]? Values, int ValueCount, ulong[]? Words, int Offset)
    {
        public bool IsEmpty => Values is null && Words is null;

        public static ChunkWords Of(Container?[] chunks, int key, ulong[] scratch, int offset)
        {
            switch (key < chunks.Length ? chunks[key] : null)
            {
                case BitsetContainer bits:
                    return new ChunkWords(null, 0, bits.RawWords, 0);
                case ArrayContainer { WorthCaching: true } array:
                    return new ChunkWords(null, 0, array.CachedWordArray(), 0);
                case ArrayContainer array when array.Cardinality >= CountAsWordsFrom:
                    var words = scratch.AsSpan(offset, Container.BitsetWords);
                    words.Clear();
                    array.OrInto(words);
                    return new ChunkWords(null, 0, scratch, offset);
                case ArrayContainer array:
                    return new ChunkWords(array.RawValues, array.Cardinality, null, 0);
                default:
                    return default;
            }
        }

        public static int CountShared(in ChunkWords a, in ChunkWords b) => (a.Words, b.Words) switch
        {
            ({ } x, { } y) => CountWords(x.AsSpan(a.Offset, Container.BitsetWords), y.AsSpan(b.Offset, Container.BitsetWords)),
            ({ } x, null) => CountIn(b.Values.AsSpan(0, b.ValueCount), x.AsSpan(a.Offset, Container.BitsetWords)),
            (null, { } y) => CountIn(a.Values.AsSpan(0, a.ValueCount), y.AsSpan(b.Offset, Container.BitsetWords)),
            _ => CountSorted(a.Values.AsSpan(0, a.ValueCount), b.Values.AsSpan(0, b.ValueCount)),
        };
    }

    private static int CountIn(ReadOnlySpan<ushort> values, ReadOnlySpan<ulong> words)
    {
        var count = 0;
        foreach (var v in values)
        {
            count += (int)((words[v >> 6] >> v) & 1UL);
        }

        return count;
    }
}
