using System.Text.Json;
using TagApi.Core.Segments.Engine;

namespace TagApi.Core.Segments.Columns;

/// <summary>How a customer's value sits in a field's columns.</summary>
internal enum CellKind
{
    /// <summary>No value: null, or an attribute the customer does not have.</summary>
    Missing,

    /// <summary>A number or date in the range column.</summary>
    Key,

    /// <summary>A value in the equality index.</summary>
    Value,

    /// <summary>A value no column holds exactly (a nested object, a number with many decimals); tested on the row.</summary>
    OnRow,
}

/// <summary>One customer's value of one field, as the columns store it.</summary>
internal readonly record struct ColumnCell(CellKind Kind, long Key = 0, object? Value = null)
{
    public static ColumnCell Missing { get; } = new(CellKind.Missing);

    public static ColumnCell OnRow { get; } = new(CellKind.OnRow);

    public static ColumnCell Number(decimal value) => ColumnKeys.TryEncode(value, out var key) ? new(CellKind.Key, key) : OnRow;

    public static ColumnCell Date(DateTime? at) => at is { } a ? new(CellKind.Key, ColumnKeys.Encode(a)) : Missing;

    public static ColumnCell Of(object? value) => value is null ? Missing : new(CellKind.Value, Value: value);

    /// <summary>
    /// A top-level attribute: numbers in the range column, strings and booleans in the equality
    /// index, JSON null as <see cref="JsonNull.Instance"/>; objects, arrays and numbers beyond
    /// decimal stay on the row, where the predicates read them as they always have.
    /// </summary>
    public static ColumnCell Attribute(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Number => element.TryGetDecimal(out var d) ? Number(d) : OnRow,
        JsonValueKind.String => Of(element.GetString()),
        JsonValueKind.True => Of(true),
        JsonValueKind.False => Of(false),
        JsonValueKind.Null => Of(JsonNull.Instance),
        _ => OnRow,
    };

    public static ColumnCell Attribute(CustomerRow row, string key) => row.Attributes.TryGetValue(key, out var element) ? Attribute(element) : Missing;
}

/// <summary>An attribute present with the JSON value <c>null</c>: missing for IS NULL, equal to nothing.</summary>
internal sealed class JsonNull
{
    public static JsonNull Instance { get; } = new();

    private JsonNull()
    {
    }
}
