namespace TagApi.Core.Segments.Engine;

/// <summary>
/// For each activity type, every customer's newest activity of that type (ticks, 0 without one),
/// as a column by ordinal. A window aggregate that needs at least one activity of its type reads
/// eight bytes per customer here and visits only the customers active since the window opened,
/// instead of every row and timeline. One writer (the index, under its lock); readers use snapshots.
/// </summary>
internal sealed class ActivityColumns
{
    private readonly Dictionary<ushort, ChunkedArray<long>> _newestByType = [];
    private int _count;

    public ActivityColumns()
    {
    }

    /// <summary>Columns read back from a snapshot file.</summary>
    public ActivityColumns(Dictionary<ushort, ChunkedArray<long>> newestByType, int count)
    {
        _newestByType = newestByType;
        _count = count;
    }

    public void AppendOrdinal()
    {
        _count++;
        foreach (var column in _newestByType.Values)
        {
            column.Append(0);
        }
    }

    public void Set(int ordinal, ActivityTimeline timeline)
    {
        foreach (var type in timeline.Types().Where(t => !_newestByType.ContainsKey(t)))
        {
            var column = new ChunkedArray<long>();
            for (var i = 0; i < _count; i++)
            {
                column.Append(0);
            }

            _newestByType[type] = column;
        }

        foreach (var (type, column) in _newestByType)
        {
            var newest = timeline.LatestTicks(type) ?? 0;
            if (column[ordinal] != newest)
            {
                column[ordinal] = newest;
            }
        }
    }

    public void Clear(int ordinal) => Set(ordinal, ActivityTimeline.Empty);

    public IReadOnlyDictionary<ushort, ChunkedView<long>> Snapshot() => _newestByType.ToDictionary(c => c.Key, c => c.Value.Snapshot());
}
