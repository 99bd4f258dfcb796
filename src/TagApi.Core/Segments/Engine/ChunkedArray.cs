namespace TagApi.Core.Segments.Engine;

/// <summary>
/// An array by ordinal that a single writer changes while readers hold snapshots: a write copies
/// only the chunk it touches (and the small chunk table), so a snapshot never sees a later write.
/// </summary>
internal sealed class ChunkedArray<T>
{
    public const int ChunkBits = 12;
    private const int ChunkSize = 1 << ChunkBits;
    private T[][] _chunks = [];
    // Chunks written since the last snapshot (this array's own copies), by chunk number.
    private bool[] _owned = [];

    public int Count { get; private set; }

    /// <summary>An array over chunks read back from a snapshot file (full chunks of 4,096 but the last).</summary>
    public static ChunkedArray<T> Adopt(T[][] chunks, int count) => new() { _chunks = chunks, _owned = new bool[chunks.Length], Count = count };

    public T this[int index]
    {
        get => _chunks[index >> ChunkBits][index & (ChunkSize - 1)];
        set
        {
            var chunk = index >> ChunkBits;
            if (!_owned[chunk])
            {
                _owned[chunk] = true;
                // First write to this chunk since the last snapshot: copy it, readers keep the old one.
                _chunks[chunk] = (T[])_chunks[chunk].Clone();
            }

            _chunks[chunk][index & (ChunkSize - 1)] = value;
        }
    }

    public int Append(T value)
    {
        var index = Count;
        if ((index >> ChunkBits) == _chunks.Length)
        {
            Array.Resize(ref _chunks, _chunks.Length + 1);
            Array.Resize(ref _owned, _chunks.Length);
            _chunks[^1] = new T[ChunkSize];
            _owned[^1] = true;
        }

        Count++;
        this[index] = value;
        return index;
    }

    /// <summary>A read-only view of the current contents; later writes copy before they change anything.</summary>
    public ChunkedView<T> Snapshot()
    {
        Array.Clear(_owned);
        var view = new ChunkedView<T>((T[][])_chunks.Clone(), Count);
        return view;
    }
}

/// <summary>A frozen view of a <see cref="ChunkedArray{T}"/>.</summary>
internal sealed class ChunkedView<T>(T[][] chunks, int count)
{
    public int Count { get; } = count;

    public T this[int index] => chunks[index >> ChunkedArray<T>.ChunkBits][index & ((1 << ChunkedArray<T>.ChunkBits) - 1)];

    /// <summary>The heap the chunks hold (their full length, not just the used part) for elements of <paramref name="elementBytes"/>.</summary>
    public long CapacityBytes(int elementBytes) => 56 + (chunks.Length * (32L + ((long)elementBytes << ChunkedArray<T>.ChunkBits)));

    /// <summary>Number of chunks; the last one may be only partly used.</summary>
    public int ChunkCount => chunks.Length;

    /// <summary>
    /// True when chunk <paramref name="chunk"/> is the very same array in both views: a write copies a chunk before
    /// changing it, so nothing in that chunk differs between them.
    /// </summary>
    public bool SharesChunk(ChunkedView<T> other, int chunk) =>
        chunk < chunks.Length && chunk < other.ChunkCount && ReferenceEquals(chunks[chunk], other.ChunkArray(chunk));

    private T[] ChunkArray(int chunk) => chunks[chunk];

    /// <summary>The used part of chunk <paramref name="chunk"/>, for loops that scan a whole column.</summary>
    public ReadOnlySpan<T> Chunk(int chunk)
    {
        var start = chunk << ChunkedArray<T>.ChunkBits;
        return chunks[chunk].AsSpan(0, Math.Min(chunks[chunk].Length, Count - start));
    }
}
