using TagApi.Core.Segments.Engine;
using TagApi.Core.Segments.Index;

namespace TagApi.Core.Segments.Columns;

/// <summary>
/// One order-preserving key per ordinal (<see cref="ColumnKeys.Absent"/> without a value) and the
/// bitmap of ordinals that have one. One writer (the index, under its lock); readers use views.
/// Unchanged since the last view, it hands out that same view, so results cached on it live on.
/// </summary>
internal sealed class RangeColumn
{
    private readonly ChunkedArray<long> _keys = new();
    private readonly RoaringBitmap _keyed = new();
    private RangeColumnView? _view;

    /// <summary>A column read back from a snapshot file.</summary>
    public RangeColumn(ChunkedArray<long> keys, RoaringBitmap keyed)
    {
        _keys = keys;
        _keyed = keyed;
    }

    public RangeColumn(int ordinals)
    {
        for (var i = 0; i < ordinals; i++)
        {
            _keys.Append(ColumnKeys.Absent);
        }
    }

    /// <summary>Ordinals the column has a key for (including <see cref="ColumnKeys.Absent"/>).</summary>
    public int Count => _keys.Count;

    public void AppendOrdinal()
    {
        _keys.Append(ColumnKeys.Absent);
        _view = null;
    }

    public void Set(int ordinal, long key)
    {
        if (_keys[ordinal] == key)
        {
            return;
        }

        _keys[ordinal] = key;
        if (key == ColumnKeys.Absent)
        {
            _keyed.Remove(ordinal);
        }
        else
        {
            _keyed.Add(ordinal);
        }

        _view = null;
    }

    public RangeColumnView Snapshot() => _view ??= new RangeColumnView(_keys.Snapshot(), _keyed.Snapshot());
}
