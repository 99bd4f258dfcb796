namespace TagApi.Core.Segments.Index;

/// <summary>
/// A compressed set of non-negative <see cref="int"/> ordinals (customer ordinals of one tenant).
/// Values are split into chunks of 65,536 by their high 16 bits; each chunk is a sorted
/// <c>ushort[]</c> when it holds at most 4,096 members and a 1,024-word bitset otherwise.
/// </summary>
/// <remarks>
/// <para><b>Threading.</b> A mutable bitmap has exactly one writer and no concurrent readers.
/// Readers work on a snapshot: the writer calls <see cref="Snapshot"/> after applying a batch of
/// changes and publishes the result with a volatile write (or under a lock); any number of threads
/// may then read that snapshot for as long as they like, and it never changes.</para>
/// <para><b>Copy-on-write.</b> A snapshot copies only the chunk directory (one reference per 65,536
/// ordinals: 16 for a million customers) and shares every container. Each container records the
/// write token of the bitmap allowed to change it in place; taking a snapshot gives the writer a
/// new token, so its next change to a shared chunk clones that one container first and leaves the
/// published copy untouched. Containers that are no longer owned by anyone are immutable.</para>
/// <para>Ordinals are dense, so the directory is a plain array indexed by chunk key rather than a
/// sorted key list: lookups are one indexed load, and operands of a query line up by index.</para>
/// <para>An array chunk of 1,024 or more members that a query reads densely keeps a word copy of
/// itself (8 KiB) so later queries need not expand it again; <see cref="MemoryUsageBytes"/> counts it.</para>
/// </remarks>
public sealed partial class RoaringBitmap
{
    /// <summary>Chunk keys are the high 16 bits of a non-negative int: 0 to 32,767.</summary>
    private const int MaxChunks = 1 << 15;

    private static long _lastToken;

    private Container?[] _chunks;
    private long _cardinality;

    // 0 marks a read-only bitmap; no container is ever stamped with it.
    private long _writeToken;

    /// <summary>Creates an empty, writable bitmap.</summary>
    public RoaringBitmap()
        : this([], 0, NewToken())
    {
    }

    private RoaringBitmap(Container?[] chunks, long cardinality, long writeToken)
    {
        _chunks = chunks;
        _cardinality = cardinality;
        _writeToken = writeToken;
    }

    /// <summary>Number of members, maintained on every change (O(1)).</summary>
    public long Cardinality => _cardinality;

    /// <summary>Whether the bitmap has no members.</summary>
    public bool IsEmpty => _cardinality == 0;

    /// <summary>Whether this is a snapshot or a frozen bitmap, which can no longer change.</summary>
    public bool IsReadOnly => _writeToken == 0;

    /// <summary>Approximate heap footprint in bytes, counting shared containers in full.</summary>
    public long MemoryUsageBytes
    {
        get
        {
            var bytes = 48L + 24 + (8L * _chunks.Length);
            foreach (var chunk in _chunks)
            {
                bytes += chunk?.MemoryBytes ?? 0;
            }

            return bytes;
        }
    }

    /// <summary>Length of the chunk directory; every chunk key at or beyond it is empty.</summary>
    internal int ChunkSlots => _chunks.Length;

    /// <summary>Whether <paramref name="ordinal"/> is a member.</summary>
    public bool Contains(int ordinal)
    {
        if (ordinal < 0)
        {
            return false;
        }

        var chunk = GetChunk(ordinal >> 16);
        return chunk is not null && chunk.Contains((ushort)ordinal);
    }

    /// <summary>Adds <paramref name="ordinal"/>; returns false when it was already a member.</summary>
    public bool Add(int ordinal)
    {
        ThrowIfReadOnly();
        ArgumentOutOfRangeException.ThrowIfNegative(ordinal);
        var key = ordinal >> 16;
        var low = (ushort)ordinal;
        var chunk = GetChunk(key);
        if (chunk is null)
        {
            EnsureSlots(key);
            _chunks[key] = ArrayContainer.Single(_writeToken, low);
        }
        else if (chunk.Contains(low))
        {
            return false;
        }
        else
        {
            _chunks[key] = Writable(key, chunk).AddAbsent(low);
        }

        _cardinality++;
        return true;
    }

    /// <summary>Removes <paramref name="ordinal"/>; returns false when it was not a member.</summary>
    public bool Remove(int ordinal)
    {
        ThrowIfReadOnly();
        var chunk = ordinal < 0 ? null : GetChunk(ordinal >> 16);
        var low = (ushort)ordinal;
        if (chunk is null || !chunk.Contains(low))
        {
            return false;
        }

        var key = ordinal >> 16;
        _chunks[key] = Writable(key, chunk).RemovePresent(low);
        _cardinality--;
        return true;
    }

    /// <summary>Removes every member.</summary>
    public void Clear()
    {
        ThrowIfReadOnly();
        _chunks = [];
        _cardinality = 0;
    }

    /// <summary>The token containers built for this bitmap must carry to be changeable by it.</summary>
    internal long WriteToken => _writeToken;

    /// <summary>Installs chunks built for this (empty) bitmap, e.g. by a query's materialisation.</summary>
    internal void AttachChunks(Container?[] chunks)
    {
        _chunks = chunks;
        _cardinality = 0;
        foreach (var chunk in chunks)
        {
            _cardinality += chunk?.Cardinality ?? 0;
        }
    }

    internal Container? GetChunk(int key) => (uint)key < (uint)_chunks.Length ? _chunks[key] : null;

    private static long NewToken() => Interlocked.Increment(ref _lastToken);

    /// <summary>The chunk's container, cloned first if it is shared with a snapshot.</summary>
    private Container Writable(int key, Container chunk)
    {
        if (chunk.Owner == _writeToken)
        {
            return chunk;
        }

        var copy = chunk.Clone(_writeToken);
        _chunks[key] = copy;
        return copy;
    }

    /// <summary>A container from <paramref name="source"/> that this bitmap may hold without ever seeing it change.</summary>
    private Container Adopt(Container chunk, RoaringBitmap source) =>
        chunk.Owner == source._writeToken ? chunk.Clone(_writeToken) : chunk;

    private void EnsureSlots(int key)
    {
        if (key < _chunks.Length)
        {
            return;
        }

        var size = Math.Clamp(Math.Max(key + 1, _chunks.Length * 2), 4, MaxChunks);
        Array.Resize(ref _chunks, size);
    }

    private void ThrowIfReadOnly()
    {
        if (_writeToken == 0)
        {
            throw new InvalidOperationException("This bitmap is a read-only snapshot; change the writer's bitmap instead.");
        }
    }
}
