namespace TagApi.Core.Segments.Index;

/// <summary>
/// The members of one 65,536-value chunk of a <see cref="RoaringBitmap"/>, as 16-bit low halves.
/// A chunk with at most <see cref="ArrayMaxCardinality"/> members is an <see cref="ArrayContainer"/>,
/// a fuller one a <see cref="BitsetContainer"/>; every operation restores that invariant, so the
/// representation alone says which side of the threshold a chunk is on.
/// </summary>
/// <remarks>
/// <see cref="Owner"/> is the write token of the only bitmap allowed to change the container in
/// place. Once no bitmap holds that token (after a snapshot or clone rotated it) the container is
/// immutable forever and may be shared freely; that is the whole copy-on-write scheme.
/// </remarks>
internal abstract class Container(long owner)
{
    /// <summary>
    /// Above 4,096 members a sorted <c>ushort[]</c> (2 bytes each) would outgrow the fixed
    /// 8 KiB bitset, so that is where the representation flips.
    /// </summary>
    public const int ArrayMaxCardinality = 4096;

    /// <summary>Words in a bitset container: 65,536 bits.</summary>
    public const int BitsetWords = 1024;

    /// <summary>Approximate size of a small object's header, method table pointer and padding.</summary>
    protected const int ObjectOverhead = 24;

    /// <summary>Write token of the bitmap that may mutate this container in place.</summary>
    public long Owner { get; } = owner;

    public abstract int Cardinality { get; }

    public abstract long MemoryBytes { get; }

    public abstract bool Contains(ushort value);

    /// <summary>Adds a value known to be absent; returns the container that now holds the chunk.</summary>
    public abstract Container AddAbsent(ushort value);

    /// <summary>Removes a value known to be present; returns the container now holding the chunk, or null once empty.</summary>
    public abstract Container? RemovePresent(ushort value);

    public abstract Container Clone(long owner);

    /// <summary>Sets this container's members in a 1,024-word buffer (other bits are left as they are).</summary>
    public abstract void OrInto(Span<ulong> words);

    /// <summary>
    /// Builds the right container for a word buffer whose population is known, or null when empty.
    /// Takes the buffer over when it becomes a bitset, so callers pass a fresh array.
    /// </summary>
    public static Container? FromWordBuffer(long owner, ulong[] words, int cardinality) => cardinality switch
    {
        0 => null,
        <= ArrayMaxCardinality => ArrayContainer.FromWords(owner, words, cardinality),
        _ => new BitsetContainer(owner, words, cardinality),
    };

    /// <summary>Builds the right container for sorted distinct values.</summary>
    public static Container? FromSortedValues(long owner, ReadOnlySpan<ushort> sorted)
    {
        if (sorted.IsEmpty)
        {
            return null;
        }

        if (sorted.Length <= ArrayMaxCardinality)
        {
            return ArrayContainer.FromSorted(owner, sorted);
        }

        var words = new ulong[BitsetWords];
        foreach (var value in sorted)
        {
            words[value >> 6] |= 1UL << value;
        }

        return new BitsetContainer(owner, words, sorted.Length);
    }
}
