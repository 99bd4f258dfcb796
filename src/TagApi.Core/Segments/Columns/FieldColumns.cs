using TagApi.Core.Segments.Engine;

namespace TagApi.Core.Segments.Columns;

/// <summary>
/// Columnar copies of the customers' fields by ordinal, so field predicates are answered without
/// visiting <see cref="CustomerRow"/>s: every built-in field but <c>age</c>'s derived value (kept by birth
/// date), and each top-level custom attribute (up to <see cref="MaxAttributes"/> keys; further keys
/// and nested paths are left to the rows). One writer, under the index's lock.
/// </summary>
internal sealed class FieldColumns
{
    public const int MaxAttributes = 256;

    private static readonly (string Field, Func<CustomerRow, ColumnCell> Read)[] Builtins =
    [
        ("type", r => ColumnCell.Of(FieldAccessors.TypeName(r.Type))),
        ("source", r => ColumnCell.Of(r.Source is { } s ? FieldAccessors.SourceName(s) : null)),
        ("gender", r => ColumnCell.Of(r.Gender)),
        ("country", r => ColumnCell.Of(r.Country)),
        ("region", r => ColumnCell.Of(r.Region)),
        ("city", r => ColumnCell.Of(r.City)),
        ("industry", r => ColumnCell.Of(r.Industry)),
        ("locale", r => ColumnCell.Of(r.Locale)),
        ("age", r => ColumnCell.Of(r.BirthDate)),
        ("totalSpent", r => ColumnCell.Number(r.TotalSpent)),
        ("orderCount", r => ColumnCell.Number(r.OrderCount)),
        ("createdAt", r => ColumnCell.Date(r.CreatedAt)),
        ("firstOrderAt", r => ColumnCell.Date(r.FirstOrderAt)),
        ("lastOrderAt", r => ColumnCell.Date(r.LastOrderAt)),
        ("lastActivityAt", r => ColumnCell.Date(r.LastActivityAt)),
    ];

    private readonly FieldColumn[] _builtins = Builtins.Select(_ => new FieldColumn(0)).ToArray();
    private readonly Dictionary<string, FieldColumn> _attributes = new(StringComparer.Ordinal);
    private const int MaxCachedSets = 4096;
    private readonly Dictionary<object, (string Key, ColumnCell Cell)[]> _cells = new(ReferenceEqualityComparer.Instance);
    private int _ordinals;
    private bool _attributesComplete = true;

    public FieldColumns()
    {
    }

    /// <summary>
    /// Columns read back from a snapshot file, by the names <see cref="Snapshot"/> gives them; false when a built-in
    /// field is missing (a file written by a version with other built-in fields).
    /// </summary>
    public static bool TryRestore(int ordinals, IReadOnlyDictionary<string, FieldColumn> fields, bool attributesComplete, out FieldColumns columns)
    {
        columns = new FieldColumns { _ordinals = ordinals, _attributesComplete = attributesComplete };
        for (var i = 0; i < Builtins.Length; i++)
        {
            if (!fields.TryGetValue(Builtins[i].Field, out var column))
            {
                return false;
            }

            columns._builtins[i] = column;
        }

        foreach (var (name, column) in fields)
        {
            if (name.StartsWith(Query.QueryField.AttributesPrefix, StringComparison.Ordinal))
            {
                columns._attributes[name[Query.QueryField.AttributesPrefix.Length..]] = column;
            }
        }

        return true;
    }

    public void AppendOrdinal()
    {
        _ordinals++;
        foreach (var column in _builtins)
        {
            column.AppendOrdinal();
        }

        foreach (var column in _attributes.Values)
        {
            column.AppendOrdinal();
        }
    }

    /// <summary>Moves an ordinal from its previous row (null: none yet) to its current one (null: removed).</summary>
    public void Set(int ordinal, CustomerRow? previous, CustomerRow? current)
    {
        for (var i = 0; i < Builtins.Length; i++)
        {
            var read = Builtins[i].Read;
            _builtins[i].Set(ordinal, previous is null ? ColumnCell.Missing : read(previous), current is null ? ColumnCell.Missing : read(current));
        }

        var attributes = previous?.Attributes;
        if (ReferenceEquals(attributes, current?.Attributes) && attributes is not null)
        {
            // The index shares equal attribute sets, so the same set means the same cells.
            return;
        }

        var before = AttributeCells(previous);
        var after = AttributeCells(current);
        foreach (var (key, cell) in after)
        {
            Attribute(key)?.Set(ordinal, Find(before, key), cell);
        }

        foreach (var (key, cell) in before)
        {
            if (Array.FindIndex(after, c => c.Key == key) < 0)
            {
                Attribute(key)?.Set(ordinal, cell, ColumnCell.Missing);
            }
        }
    }

    /// <summary>Approximate memory of the cells remembered for shared attribute sets.</summary>
    public long CacheBytes => 200 + (_cells.Count * 120L);

    // One parse per distinct attribute set: rows that share a set (see ValuePool) share its cells too.
    private (string Key, ColumnCell Cell)[] AttributeCells(CustomerRow? row)
    {
        if (row is null || row.Attributes.Count == 0)
        {
            return [];
        }

        var attributes = row.Attributes;
        if (_cells.TryGetValue(attributes, out var cached))
        {
            return cached;
        }

        var cells = new List<(string Key, ColumnCell Cell)>(attributes.Count);
        if (attributes is PackedAttributeDictionary packed)
        {
            packed.ForEach(cells, (list, key, element) => list.Add((key, ColumnCell.Attribute(element))));
        }
        else
        {
            cells.AddRange(attributes.Select(a => (a.Key, ColumnCell.Attribute(a.Value))));
        }

        if (_cells.Count >= MaxCachedSets)
        {
            _cells.Clear();
        }

        var result = cells.ToArray();
        _cells[attributes] = result;
        return result;
    }

    private static ColumnCell Find((string Key, ColumnCell Cell)[] cells, string key)
    {
        foreach (var (k, cell) in cells)
        {
            if (k == key)
            {
                return cell;
            }
        }

        return ColumnCell.Missing;
    }

    public ColumnSnapshot Snapshot()
    {
        var fields = new Dictionary<string, FieldColumnView>(StringComparer.Ordinal);
        for (var i = 0; i < Builtins.Length; i++)
        {
            fields[Builtins[i].Field] = _builtins[i].Snapshot();
        }

        foreach (var (key, column) in _attributes)
        {
            fields[Query.QueryField.AttributesPrefix + key] = column.Snapshot();
        }

        return new ColumnSnapshot(fields, _attributesComplete);
    }

    private FieldColumn? Attribute(string key)
    {
        if (_attributes.TryGetValue(key, out var column))
        {
            return column;
        }

        // A key that is not one identifier (say "a.b") cannot be named by a top-level attribute path.
        if (!Query.QueryField.IsIdentifier(key))
        {
            return null;
        }

        if (_attributes.Count >= MaxAttributes)
        {
            // From here on an unknown key may hold values no column saw: such predicates read rows.
            _attributesComplete = false;
            return null;
        }

        column = new FieldColumn(_ordinals);
        _attributes[key] = column;
        return column;
    }
}
