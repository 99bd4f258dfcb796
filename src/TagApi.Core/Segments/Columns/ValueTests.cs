using TagApi.Core.Segments.Engine;
using TagApi.Core.Segments.Query;

namespace TagApi.Core.Segments.Columns;

/// <summary>
/// Field predicates as tests on one value, for the equality index: the same decisions
/// <see cref="FieldPredicates"/> makes on a row, given the value <see cref="FieldValues.Read"/>
/// would return (null when missing, <see cref="JsonNull"/> for an attribute set to null, an
/// attribute's string, boolean or number as itself).
/// </summary>
internal static class ValueTests
{
    public static Func<object?, bool> Compile(QueryNode node, DateTime now) => node switch
    {
        FieldCompare c => Compare(c.Field, c.Operator, c.Value, now),
        FieldBetween b => Both(Compare(b.Field, CompareOperator.GreaterOrEqual, b.Lower, now), Compare(b.Field, CompareOperator.LessOrEqual, b.Upper, now)),
        FieldIn i => AnyOf(i.Values.Select(v => Compare(i.Field, CompareOperator.Equal, v, now)).ToArray()),
        FieldIsNull n => v => IsMissing(v) != n.Negated,

        // A row hands these an attribute as a JSON element, never as a string, so they never match one.
        FieldContains c => v => c.Field.AttributePath is null && v is string s && s.Contains(c.Text, StringComparison.OrdinalIgnoreCase),
        FieldStartsWith p => v => p.Field.AttributePath is null && v is string s && s.StartsWith(p.Prefix, StringComparison.OrdinalIgnoreCase),
        _ => throw new InvalidOperationException($"Not a field predicate: {node.GetType().Name}"),
    };

    private static bool IsMissing(object? value) => value is null or JsonNull;

    private static Func<object?, bool> Both(Func<object?, bool> a, Func<object?, bool> b) => v => a(v) && b(v);

    private static Func<object?, bool> AnyOf(Func<object?, bool>[] tests) => v => Array.Exists(tests, t => t(v));

    private static Func<object?, bool> Compare(QueryField field, CompareOperator op, QueryValue value, DateTime now)
    {
        if (field.Kind == QueryFieldKind.Date)
        {
            var (start, end) = FieldPredicates.DateBounds(value, now);
            return v => v is DateTime at && FieldPredicates.CompareDate(at, op, start, end);
        }

        if (FieldAccessors.Number(field, now) is not null && value is NumberValue number)
        {
            var bound = number.Value;
            return v => v is decimal actual && FieldAccessors.Holds(actual.CompareTo(bound), op);
        }

        if (FieldAccessors.Text(field) is not null && value is StringValue text)
        {
            var comparison = field.Name is "type" or "source" ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
            var literal = text.Value;
            return v => v is string actual && FieldAccessors.Holds(string.Compare(actual, literal, comparison), op);
        }

        var expected = FieldValues.Literal(value, now);
        return v => FieldValues.CompareTo(v, expected, ignoreCase: false) is { } order && FieldAccessors.Holds(order, op);
    }
}
