namespace TagApi.Core.Segments.Index;

/// <summary>A sparse chunk: its members as a sorted array of low halves (1 to 4,096 of them).</summary>
internal sealed class ArrayContainer : Container
{
    /// <summary>From here on the word cache costs at most 4× the array (8 KiB against 2 KiB or more).</summary>
    private const int CacheMinimum = 1024;

    private ushort[] _values;
    private int _count;
    private ulong[]? _words;

    private ArrayContainer(long owner, ushort[] values, int count)
        : base(owner)
    {
        _values = values;
        _count = count;
    }

    public override int Cardinality => _count;

    public ReadOnlySpan<ushort> Values => _values.AsSpan(0, _count);

    /// <summary>The backing array, for iterators that cannot hold a span across <c>yield</c>.</summary>
    public ushort[] RawValues => _values;

    public override long MemoryBytes =>
        ObjectOverhead + 24 + ObjectOverhead + (2L * _values.Length) + (_words is null ? 0 : ObjectOverhead + (8L * BitsetWords));

    public static ArrayContainer Single(long owner, ushort value) => new(owner, [value, 0, 0, 0], 1);

    /// <summary>Takes over an array of sorted distinct values, all of it used.</summary>
    public static ArrayContainer TakeOver(long owner, ushort[] sorted) => new(owner, sorted, sorted.Length);

    public static ArrayContainer FromSorted(long owner, ReadOnlySpan<ushort> sorted) =>
        new(owner, sorted.ToArray(), sorted.Length);

    public static ArrayContainer FromWords(long owner, ReadOnlySpan<ulong> words, int cardinality)
    {
        var values = new ushort[cardinality];
        var n = 0;
        for (var w = 0; w < words.Length; w++)
        {
            var word = words[w];
            while (word != 0)
            {
                values[n++] = (ushort)((w << 6) | System.Numerics.BitOperations.TrailingZeroCount(word));
                word &= word - 1;
            }
        }

        return new ArrayContainer(owner, values, n);
    }

    public override bool Contains(ushort value)
    {
        var i = LowerBound(value);
        return i < _count && _values[i] == value;
    }

    /// <summary>Index of the first member not below <paramref name="value"/> (or the count).</summary>
    public int LowerBound(int value)
    {
        int lo = 0, hi = _count;
        while (lo < hi)
        {
            var mid = (int)((uint)(lo + hi) >> 1);
            if (_values[mid] < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    public override Container AddAbsent(ushort value)
    {
        _words = null;
        if (_count == ArrayMaxCardinality)
        {
            return BitsetContainer.FromArray(Owner, this).AddAbsent(value);
        }

        var at = LowerBound(value);
        if (_count == _values.Length)
        {
            // Doubling keeps inserts amortised O(1) in allocation; never beyond the threshold.
            var grown = new ushort[Math.Min(_values.Length * 2, ArrayMaxCardinality)];
            _values.AsSpan(0, at).CopyTo(grown);
            _values.AsSpan(at, _count - at).CopyTo(grown.AsSpan(at + 1));
            _values = grown;
        }
        else
        {
            _values.AsSpan(at, _count - at).CopyTo(_values.AsSpan(at + 1));
        }

        _values[at] = value;
        _count++;
        return this;
    }

    public override Container? RemovePresent(ushort value)
    {
        _words = null;
        var at = LowerBound(value);
        _values.AsSpan(at + 1, _count - at - 1).CopyTo(_values.AsSpan(at));
        _count--;
        return _count == 0 ? null : this;
    }

    public override Container Clone(long owner) => new ArrayContainer(owner, (ushort[])_values.Clone(), _count);

    public override void OrInto(Span<ulong> words)
    {
        foreach (var value in Values)
        {
            words[value >> 6] |= 1UL << value;
        }
    }

    /// <summary>Sets the members that fall in words <c>[firstWord, firstWord + words.Length)</c> into <paramref name="words"/>.</summary>
    public void OrRangeInto(int firstWord, Span<ulong> words)
    {
        var start = LowerBound(firstWord << 6);
        var stop = LowerBound((firstWord + words.Length) << 6);
        foreach (var value in _values.AsSpan(start, stop - start))
        {
            words[(value >> 6) - firstWord] |= 1UL << value;
        }
    }

    /// <summary>
    /// The members as 1,024 words, built on first use and kept. Expanding a few thousand values
    /// costs about a nanosecond each, several times a dense pass over the chunk, and a tag of a
    /// few percent would pay it on every query; kept, the chunk evaluates like a bitset.
    /// </summary>
    /// <remarks>
    /// Safe under the snapshot model: a container reachable from a snapshot is never changed
    /// again, so concurrent readers can only race to build identical arrays, and the owner drops
    /// the cache whenever it changes the container (when no reader can see it).
    /// </remarks>
    public ReadOnlySpan<ulong> CachedWords => CachedWordArray();

    /// <summary>The array behind <see cref="CachedWords"/>, for loops that keep it beside other chunks' words; never written to.</summary>
    public ulong[] CachedWordArray()
    {
        var words = Volatile.Read(ref _words);
        if (words is null)
        {
            words = new ulong[BitsetWords];
            OrInto(words);
            words = Interlocked.CompareExchange(ref _words, words, null) ?? words;
        }

        return words;
    }

    /// <summary>Whether evaluation should use <see cref="CachedWords"/> rather than expand per query.</summary>
    public bool WorthCaching => _count >= CacheMinimum;
}
