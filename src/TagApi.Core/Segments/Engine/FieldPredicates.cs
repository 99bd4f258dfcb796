using System.Text.Json;
using TagApi.Core.Segments.Query;

namespace TagApi.Core.Segments.Engine;

/// <summary>
/// Turns field and aggregate predicates into tests on a <see cref="CustomerRow"/>. Two-valued
/// logic: a comparison with a missing value is false (and so its NOT is true), the same answer the
/// SQL evaluation gives.
/// </summary>
internal static class FieldPredicates
{
    public static Func<CustomerRow, bool> Compile(QueryNode node, DateTime now, ActivityVocabulary vocabulary) => node switch
    {
        FieldCompare c => Compare(c.Field, c.Operator, c.Value, now),
        FieldBetween b => And(Compare(b.Field, CompareOperator.GreaterOrEqual, b.Lower, now), Compare(b.Field, CompareOperator.LessOrEqual, b.Upper, now)),
        FieldIn i => AnyOf(i.Values.Select(v => Compare(i.Field, CompareOperator.Equal, v, now)).ToArray()),
        FieldIsNull n => row => IsMissing(FieldValues.Read(row, n.Field, now)) != n.Negated,
        FieldContains c => row => FieldValues.Read(row, c.Field, now) is string s && s.Contains(c.Text, StringComparison.OrdinalIgnoreCase),
        FieldStartsWith p => row => FieldValues.Read(row, p.Field, now) is string s && s.StartsWith(p.Prefix, StringComparison.OrdinalIgnoreCase),
        AggregateCompare a => AggregatePredicates.Compile(a, now, vocabulary),
        _ => throw new InvalidOperationException($"Not a field predicate: {node.GetType().Name}"),
    };

    private static Func<CustomerRow, bool> And(Func<CustomerRow, bool> a, Func<CustomerRow, bool> b) => row => a(row) && b(row);

    private static Func<CustomerRow, bool> AnyOf(Func<CustomerRow, bool>[] tests) => row => Array.Exists(tests, t => t(row));

    private static bool IsMissing(object? value) => value is null || (value is JsonElement { ValueKind: JsonValueKind.Null });

    private static Func<CustomerRow, bool> Compare(QueryField field, CompareOperator op, QueryValue value, DateTime now)
    {
        if (field.Kind == QueryFieldKind.Date)
        {
            var (start, end) = DateBounds(value, now);
            var date = FieldAccessors.Date(field)!;
            return row => date(row) is { } at && CompareDate(at, op, start, end);
        }

        if (FieldAccessors.Number(field, now) is { } number && value is NumberValue expectedNumber)
        {
            var bound = expectedNumber.Value;
            return row => number(row) is { } actual && FieldAccessors.Holds(actual.CompareTo(bound), op);
        }

        if (FieldAccessors.Text(field) is { } text && value is StringValue expectedText)
        {
            var comparison = field.Name is "type" or "source" ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
            var literal = expectedText.Value;
            return row => text(row) is { } actual && FieldAccessors.Holds(string.Compare(actual, literal, comparison), op);
        }

        // Attributes: the value's kind is only known per customer.
        var expected = FieldValues.Literal(value, now);
        return row => FieldValues.CompareTo(FieldValues.Read(row, field, now), expected, ignoreCase: false) is { } order && FieldAccessors.Holds(order, op);
    }

    // A date names a whole UTC day [start, end); a relative time or 'today' names one instant.
    internal static (DateTime Start, DateTime End) DateBounds(QueryValue value, DateTime now) => value switch
    {
        DateValue d => (d.Value.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), d.Value.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc)),
        RelativeTimeValue r => (r.ResolveAt(now).UtcDateTime, r.ResolveAt(now).UtcDateTime),
        TodayValue => (TodayValue.ResolveAt(now).UtcDateTime, TodayValue.ResolveAt(now).UtcDateTime),
        _ => throw new InvalidOperationException("A date field compares with a date or a relative time."),
    };

    internal static bool CompareDate(DateTime at, CompareOperator op, DateTime start, DateTime end)
    {
        var instant = start == end;
        return op switch
        {
            CompareOperator.Equal => instant ? at == start : at >= start && at < end,
            CompareOperator.NotEqual => instant ? at != start : at < start || at >= end,
            CompareOperator.Less => at < start,
            CompareOperator.LessOrEqual => instant ? at <= start : at < end,
            CompareOperator.Greater => instant ? at > start : at >= end,
            _ => at >= start,
        };
    }
}
