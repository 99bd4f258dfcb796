namespace TagApi.Bench.Infrastructure;

/// <summary>
/// Hands an export's ids to its sink a few thousand at a time, the same way for every subject (TagApi over HTTP, the
/// COPY peers, DuckDB), so none pays the sink per row and all pay it alike.
/// </summary>
public sealed class IdBatches(Action<ReadOnlySpan<long>> sink)
{
    private readonly long[] _batch = new long[4096];
    private int _filled;

    /// <summary>Ids added so far.</summary>
    public long Rows { get; private set; }

    public void Add(long id)
    {
        _batch[_filled++] = id;
        Rows++;
        if (_filled == _batch.Length)
        {
            sink(_batch);
            _filled = 0;
        }
    }

    /// <summary>Hands over the last, partial batch (possibly empty) and returns how many ids there were.</summary>
    public long Finish()
    {
        sink(_batch.AsSpan(0, _filled));
        _filled = 0;
        return Rows;
    }
}
