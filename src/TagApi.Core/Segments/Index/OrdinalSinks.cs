namespace TagApi.Core.Segments.Index;

/// <summary>Collects up to a limit of ordinals for a page.</summary>
internal struct PageSink(int limit) : IOrdinalSink
{
    private int[] _items = new int[Math.Min(limit, 256)];
    private int _count;

    public bool Accept(int ordinal)
    {
        if (_count == _items.Length)
        {
            Array.Resize(ref _items, (int)Math.Min((long)_items.Length * 2, limit));
        }

        _items[_count++] = ordinal;
        return _count < limit;
    }

    public readonly int[] ToArray() => _items.AsSpan(0, _count).ToArray();
}

/// <summary>Hands ordinals to a visitor in fixed-size batches, so streaming uses constant memory.</summary>
internal struct BatchSink(int[] buffer, OrdinalBatchVisitor visitor) : IOrdinalSink
{
    private int _count;

    public bool Stopped { get; private set; }

    public bool Accept(int ordinal)
    {
        buffer[_count++] = ordinal;
        return _count < buffer.Length || Flush();
    }

    /// <summary>Passes on what is buffered; false when the visitor asked to stop.</summary>
    public bool Flush()
    {
        if (_count > 0 && !Stopped)
        {
            Stopped = !visitor(buffer.AsSpan(0, _count));
        }

        _count = 0;
        return !Stopped;
    }
}

/// <summary>Fills a caller's buffer with one chunk's ordinals (at most 65,536).</summary>
internal struct ChunkSink(int[] buffer) : IOrdinalSink
{
    public int Count { get; private set; }

    public bool Accept(int ordinal)
    {
        buffer[Count++] = ordinal;
        return true;
    }
}
