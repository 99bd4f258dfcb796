using TagApi.Core.Segments.Index;

namespace TagApi.Core.Segments.Columns;

/// <summary>
/// The columns of one field (a built-in field or one top-level attribute): a range column for its
/// numbers or dates, an equality index for its other values, the ordinals that have any value, and
/// those whose value only the row can answer for. Created on first need for attributes.
/// </summary>
internal sealed class FieldColumn(int ordinals)
{
    private readonly RoaringBitmap _present = new();
    private readonly RoaringBitmap _onRow = new();
    private RangeColumn? _range;
    private ValueColumn? _values;
    private int _ordinals = ordinals;
    private FieldColumnView? _view;

    /// <summary>A column read back from a snapshot file.</summary>
    public FieldColumn(int ordinals, RoaringBitmap present, RoaringBitmap onRow, RangeColumn? range, ValueColumn? values)
        : this(ordinals)
    {
        _present = present;
        _onRow = onRow;
        _range = range;
        _values = values;
    }

    public void AppendOrdinal()
    {
        _ordinals++;
        _range?.AppendOrdinal();
    }

    public void Set(int ordinal, ColumnCell previous, ColumnCell current)
    {
        if (previous == current)
        {
            return;
        }

        _view = null;
        if (previous.Kind == CellKind.Key && current.Kind != CellKind.Key)
        {
            _range!.Set(ordinal, ColumnKeys.Absent);
        }

        var refused = current.Kind == CellKind.Value && !(_values ??= new ValueColumn()).Set(ordinal, previous.Value, current.Value);
        if (previous.Kind == CellKind.Value && current.Kind != CellKind.Value)
        {
            _values!.Set(ordinal, previous.Value, null);
        }

        if (current.Kind == CellKind.Key)
        {
            (_range ??= new RangeColumn(_ordinals)).Set(ordinal, current.Key);
        }

        Mark(_present, ordinal, current.Kind != CellKind.Missing);
        Mark(_onRow, ordinal, current.Kind == CellKind.OnRow || refused);
    }

    public FieldColumnView Snapshot() => _view ??= new FieldColumnView(_range?.Snapshot(), _values?.Snapshot(), _present.Snapshot(), _onRow.Snapshot());

    private static void Mark(RoaringBitmap bitmap, int ordinal, bool member)
    {
        if (member)
        {
            bitmap.Add(ordinal);
        }
        else
        {
            bitmap.Remove(ordinal);
        }
    }
}

/// <summary>A frozen <see cref="FieldColumn"/>.</summary>
internal sealed class FieldColumnView(RangeColumnView? range, ValueColumnView? values, RoaringBitmap present, RoaringBitmap onRow)
{
    /// <summary>A field no customer has a value of.</summary>
    public static FieldColumnView Empty { get; } = new(null, null, Frozen(), Frozen());

    public RangeColumnView? Range { get; } = range;

    public ValueColumnView? Values { get; } = values;

    /// <summary>Ordinals with any value (JSON null included: it is present, yet IS NULL).</summary>
    public RoaringBitmap Present { get; } = present;

    /// <summary>Ordinals whose value the row must be asked about.</summary>
    public RoaringBitmap OnRow { get; } = onRow;

    public long MemoryBytes => (Range?.MemoryBytes ?? 0) + (Values?.MemoryBytes ?? 0) + Present.MemoryUsageBytes + OnRow.MemoryUsageBytes;

    private static RoaringBitmap Frozen()
    {
        var bitmap = new RoaringBitmap();
        bitmap.Freeze();
        return bitmap;
    }
}
