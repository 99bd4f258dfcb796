using TagApi.Core.Segments.Query;

namespace TagApi.Core.Segments.Columns;

/// <summary>The field columns as of one index snapshot.</summary>
internal sealed class ColumnSnapshot(IReadOnlyDictionary<string, FieldColumnView> fields, bool attributesComplete)
{
    public static ColumnSnapshot Empty { get; } = new(new Dictionary<string, FieldColumnView>(), true);

    public long MemoryBytes => fields.Values.Sum(f => f.MemoryBytes);

    /// <summary>Every field's columns by name, for the snapshot file.</summary>
    public IReadOnlyDictionary<string, FieldColumnView> Fields => fields;

    /// <summary>False once an attribute key went without a column (past the limit): such predicates read rows.</summary>
    public bool AttributesComplete => attributesComplete;

    /// <summary>
    /// The columns of a field; false when only the rows can answer for it (a nested attribute path,
    /// or an attribute key beyond the column limit).
    /// </summary>
    public bool TryGet(QueryField field, out FieldColumnView column)
    {
        if (fields.TryGetValue(field.Name, out column!))
        {
            return true;
        }

        // An attribute no customer has is missing for everyone, as long as every key has a column.
        column = FieldColumnView.Empty;
        return field.AttributePath is { } path && !path.Contains('.', StringComparison.Ordinal) && attributesComplete;
    }
}
