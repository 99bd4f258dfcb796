using TagApi.Core.Segments.Columns;
using TagApi.Core.Segments.Engine;
using TagApi.Core.Segments.Index;

namespace TagApi.Core.Value;

/// <summary>
/// One prediction of every customer as a <see cref="RangeColumn"/> of fixed-point keys. A value the keys cannot hold
/// exactly (too large) marks its customer to be tested on the row, as the field columns do. One writer
/// (<see cref="PredictedValueColumns"/>, under its lock); the view is kept until the column changes, so ranges
/// cached on it live on.
/// </summary>
internal sealed class PredictedColumn(string field)
{
    private readonly RangeColumn _keys = new(0);
    private readonly RoaringBitmap _onRow = new();
    private FieldColumnView? _view;

    public long MemoryBytes => _view?.MemoryBytes ?? 0;

    public void Fill(ChunkedView<CustomerRow?> rows, TenantValueModel model, DateTime now)
    {
        for (var ordinal = 0; ordinal < rows.Count; ordinal++)
        {
            _keys.AppendOrdinal();
            Set(ordinal, rows[ordinal], model, now);
        }
    }

    public void Update(List<int> ordinals, ChunkedView<CustomerRow?> rows, TenantValueModel model, DateTime now)
    {
        foreach (var ordinal in ordinals)
        {
            while (_keys.Count <= ordinal)
            {
                _keys.AppendOrdinal();
            }

            Set(ordinal, ordinal < rows.Count ? rows[ordinal] : null, model, now);
        }

        if (ordinals.Count > 0)
        {
            _view = null;
        }
    }

    public FieldColumnView View()
    {
        if (_view is null)
        {
            var keys = _keys.Snapshot();
            var onRow = _onRow.Snapshot();
            var present = RoaringBitmap.Or(keys.Keyed, onRow);
            present.Freeze();
            _view = new FieldColumnView(keys, null, present, onRow);
        }

        return _view;
    }

    private void Set(int ordinal, CustomerRow? row, TenantValueModel model, DateTime now)
    {
        var key = ColumnKeys.Absent;
        var exact = row is null || ValueFields.Predicted(row, field, model, now) is not { } value || ColumnKeys.TryEncode(value, out key);
        _keys.Set(ordinal, exact ? key : ColumnKeys.Absent);
        if (exact)
        {
            _onRow.Remove(ordinal);
        }
        else
        {
            _onRow.Add(ordinal);
        }
    }
}
