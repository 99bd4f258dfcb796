namespace TagApi.Core.Segments.Index;

/// <summary>A dense chunk: 65,536 bits in 1,024 words (4,097 to 65,536 members).</summary>
internal sealed class BitsetContainer : Container
{
    private readonly ulong[] _words;
    private int _cardinality;

    /// <summary>Takes ownership of <paramref name="words"/>, whose population must be <paramref name="cardinality"/>.</summary>
    public BitsetContainer(long owner, ulong[] words, int cardinality)
        : base(owner)
    {
        _words = words;
        _cardinality = cardinality;
    }

    public override int Cardinality => _cardinality;

    public ReadOnlySpan<ulong> Words => _words;

    /// <summary>The backing array, for iterators and for in-place operations by the owner.</summary>
    public ulong[] RawWords => _words;

    public override long MemoryBytes => ObjectOverhead + 16 + ObjectOverhead + (8L * BitsetWords);

    public static BitsetContainer FromArray(long owner, ArrayContainer array)
    {
        var words = new ulong[BitsetWords];
        array.OrInto(words);
        return new BitsetContainer(owner, words, array.Cardinality);
    }

    public static BitsetContainer Full(long owner)
    {
        var words = new ulong[BitsetWords];
        words.AsSpan().Fill(ulong.MaxValue);
        return new BitsetContainer(owner, words, BitsetWords * 64);
    }

    public override bool Contains(ushort value) => (_words[value >> 6] & (1UL << value)) != 0;

    public override Container AddAbsent(ushort value)
    {
        _words[value >> 6] |= 1UL << value;
        _cardinality++;
        return this;
    }

    public override Container? RemovePresent(ushort value)
    {
        _words[value >> 6] &= ~(1UL << value);
        _cardinality--;
        return _cardinality <= ArrayMaxCardinality
            ? ArrayContainer.FromWords(Owner, _words, _cardinality)
            : this;
    }

    public override Container Clone(long owner) => new BitsetContainer(owner, (ulong[])_words.Clone(), _cardinality);

    public override void OrInto(Span<ulong> words) => WordOps.Or(words, _words);

    /// <summary>
    /// Applies <typeparamref name="TOp"/> with <paramref name="other"/>'s words in place, for the owner
    /// only, and returns whichever container now represents the result.
    /// </summary>
    public Container? ApplyInPlace<TOp>(ReadOnlySpan<ulong> other)
        where TOp : struct, IWordOperator
    {
        WordOps.Apply<TOp>(_words, other, _words);
        _cardinality = (int)WordOps.PopCount(_words);
        return _cardinality <= ArrayMaxCardinality ? FromWordBuffer(Owner, _words, _cardinality) : this;
    }
}
