namespace TagApi.Core.Segments.Index;

public sealed partial class RoaringBitmap
{
    /// <summary>Builds a bitmap from ascending ordinals (duplicates allowed): the index-build fast path.</summary>
    public static RoaringBitmap FromSorted(ReadOnlySpan<int> sortedOrdinals)
    {
        var bitmap = new RoaringBitmap();
        bitmap.AddSorted(sortedOrdinals);
        return bitmap;
    }

    /// <summary>
    /// Adds ascending ordinals (duplicates allowed) a whole chunk at a time instead of one insert
    /// per value; the stream from an ordered COPY feeds this directly.
    /// </summary>
    /// <exception cref="ArgumentException">The values are not ascending or one is negative.</exception>
    public void AddSorted(ReadOnlySpan<int> sortedOrdinals)
    {
        ThrowIfReadOnly();
        if (sortedOrdinals.IsEmpty)
        {
            return;
        }

        if (sortedOrdinals[0] < 0)
        {
            throw new ArgumentException("Ordinals must not be negative.", nameof(sortedOrdinals));
        }

        var start = 0;
        while (start < sortedOrdinals.Length)
        {
            var key = sortedOrdinals[start] >> 16;
            var end = start + 1;
            while (end < sortedOrdinals.Length && sortedOrdinals[end] >> 16 == key)
            {
                end++;
            }

            MergeChunk(key, BuildChunk(sortedOrdinals[start..end]));
            start = end;
        }
    }

    /// <summary>Adds every ordinal in <c>[start, endExclusive)</c>, e.g. the universe of a fresh tenant.</summary>
    public void AddRange(int start, int endExclusive)
    {
        ThrowIfReadOnly();
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfLessThan(endExclusive, start);
        for (long chunkStart = start & ~0xFFFF; chunkStart < endExclusive; chunkStart += 1 << 16)
        {
            var lo = (int)Math.Max(start - chunkStart, 0);
            var hi = (int)Math.Min(endExclusive - chunkStart, 1 << 16);
            MergeChunk((int)(chunkStart >> 16), BuildRange(lo, hi));
        }
    }

    private Container BuildChunk(ReadOnlySpan<int> run)
    {
        // A run that may exceed the array threshold is built as words and then sized properly.
        if (run.Length > Container.ArrayMaxCardinality)
        {
            var words = new ulong[Container.BitsetWords];
            var previous = -1;
            foreach (var ordinal in run)
            {
                ThrowIfOutOfOrder(previous, ordinal);
                words[(ordinal >> 6) & 1023] |= 1UL << ordinal;
                previous = ordinal;
            }

            return Container.FromWordBuffer(_writeToken, words, (int)WordOps.PopCount(words))!;
        }

        Span<ushort> values = stackalloc ushort[run.Length];
        var n = 0;
        var last = -1;
        foreach (var ordinal in run)
        {
            ThrowIfOutOfOrder(last, ordinal);
            if (ordinal != last)
            {
                values[n++] = (ushort)ordinal;
                last = ordinal;
            }
        }

        return ArrayContainer.FromSorted(_writeToken, values[..n]);
    }

    private Container BuildRange(int lo, int hi)
    {
        if (hi - lo <= Container.ArrayMaxCardinality)
        {
            Span<ushort> values = stackalloc ushort[hi - lo];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = (ushort)(lo + i);
            }

            return ArrayContainer.FromSorted(_writeToken, values);
        }

        var words = new ulong[Container.BitsetWords];
        WordOps.SetRange(words, lo, hi);
        return new BitsetContainer(_writeToken, words, hi - lo);
    }

    /// <summary>Unions a freshly built container (owned by this bitmap) into chunk <paramref name="key"/>.</summary>
    private void MergeChunk(int key, Container added)
    {
        EnsureSlots(key);
        var existing = _chunks[key];
        if (existing is null)
        {
            _chunks[key] = added;
            _cardinality += added.Cardinality;
            return;
        }

        var before = existing.Cardinality;
        var merged = existing.Owner == _writeToken
            ? ContainerOps.CombineInPlace<OrOperator>(existing, added, _writeToken)
            : ContainerOps.Combine<OrOperator>(existing, added, _writeToken);
        _chunks[key] = merged;
        _cardinality += merged!.Cardinality - before;
    }

    private static void ThrowIfOutOfOrder(int previous, int ordinal)
    {
        if (ordinal < previous)
        {
            throw new ArgumentException("Ordinals must be in ascending order.", nameof(ordinal));
        }
    }
}
