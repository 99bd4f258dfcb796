namespace TagApi.Core.Segments.Index;

public sealed partial class RoaringBitmap
{
    /// <summary>
    /// An immutable view of the current contents, safe to read from any number of threads while
    /// this bitmap keeps changing. Costs one copy of the chunk directory; containers are shared and
    /// copied lazily by the writer on its next change to each of them.
    /// </summary>
    /// <remarks>Call it from the writer. On a read-only bitmap it returns the bitmap itself.</remarks>
    public RoaringBitmap Snapshot()
    {
        if (IsReadOnly)
        {
            return this;
        }

        var snapshot = new RoaringBitmap((Container?[])_chunks.Clone(), _cardinality, 0);
        _writeToken = NewToken();
        return snapshot;
    }

    /// <summary>
    /// An independent writable copy. Copy-on-write like <see cref="Snapshot"/>, so it is cheap;
    /// neither side sees the other's later changes.
    /// </summary>
    /// <remarks>On a writable bitmap this is a writer operation (it rotates the write token).</remarks>
    public RoaringBitmap Clone()
    {
        var clone = new RoaringBitmap((Container?[])_chunks.Clone(), _cardinality, NewToken());
        if (!IsReadOnly)
        {
            _writeToken = NewToken();
        }

        return clone;
    }

    /// <summary>
    /// Makes this bitmap read-only in place, e.g. after a bulk build that is published as is.
    /// Any later change throws <see cref="InvalidOperationException"/>.
    /// </summary>
    public void Freeze() => _writeToken = 0;
}
