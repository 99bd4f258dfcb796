using TagApi.Core.Segments.Index;

namespace TagApi.Core.Segments.Columns;

/// <summary>
/// An equality index: one bitmap per distinct value (strings, booleans, birth dates, JSON null).
/// A predicate is decided once per distinct value and the bitmaps of the values it accepts are
/// united, so the answer is the row predicate's own answer without visiting a row. Past
/// <see cref="MaxDistinct"/> values a new value is refused and its customer tested on the row.
/// </summary>
internal sealed class ValueColumn
{
    public const int MaxDistinct = 65_536;
    private readonly Dictionary<object, RoaringBitmap> _members = [];
    private readonly Dictionary<object, RoaringBitmap> _published = [];
    private readonly HashSet<object> _changed = [];
    private ValueColumnView? _view;

    public ValueColumn()
    {
    }

    /// <summary>A column read back from a snapshot file: every value is published by the first view.</summary>
    public ValueColumn(Dictionary<object, RoaringBitmap> members)
    {
        _members = members;
        _changed = [.. members.Keys];
    }

    /// <summary>Moves an ordinal from its previous value (if any) to its current one; false when the value was refused.</summary>
    public bool Set(int ordinal, object? previous, object? current)
    {
        if (previous is not null && _members.TryGetValue(previous, out var old) && old.Remove(ordinal))
        {
            Changed(previous);
            if (old.IsEmpty)
            {
                _members.Remove(previous);
            }
        }

        if (current is null)
        {
            return true;
        }

        if (!_members.TryGetValue(current, out var members))
        {
            if (_members.Count >= MaxDistinct)
            {
                return false;
            }

            members = new RoaringBitmap();
            _members[current] = members;
        }

        members.Add(ordinal);
        Changed(current);
        return true;
    }

    public ValueColumnView Snapshot()
    {
        if (_view is not null)
        {
            return _view;
        }

        foreach (var value in _changed)
        {
            if (_members.TryGetValue(value, out var members))
            {
                _published[value] = members.Snapshot();
            }
            else
            {
                _published.Remove(value);
            }
        }

        _changed.Clear();
        return _view = new ValueColumnView([.. _published]);
    }

    private void Changed(object value)
    {
        _changed.Add(value);
        _view = null;
    }
}
