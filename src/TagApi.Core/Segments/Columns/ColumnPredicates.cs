using TagApi.Core.Segments.Engine;
using TagApi.Core.Segments.Index;
using TagApi.Core.Segments.Query;

namespace TagApi.Core.Segments.Columns;

/// <summary>
/// Answers a field predicate from the field's columns as a bitmap expression the evaluator fuses
/// with the rest of the query: the range column's cached ranges for numbers and dates, the equality
/// index for other values, a row test only for the few values no column holds exactly, and the
/// customers without a value when the predicate accepts a missing one (IS NULL).
/// </summary>
internal sealed class ColumnPredicates(IndexSnapshot snapshot, DateTime now)
{
    // Relative dates move with the clock; an hour's worth of customers is what a moving bound re-checks.
    private const long DateBucket = TimeSpan.TicksPerHour;

    /// <summary>The predicate as bitmaps; null when only the rows can answer it (aggregates, nested attribute paths).</summary>
    public BitmapExpression? TryCompile(QueryNode node)
    {
        if (FieldNodes.FieldOf(node) is not { } field || !snapshot.Columns.TryGet(field, out var column))
        {
            return null;
        }

        return Compile(node, field, column, () => FieldPredicates.Compile(node, now, snapshot.Vocabulary));
    }

    /// <summary>
    /// The predicate over a given column of <paramref name="field"/>; <paramref name="rowTest"/> makes the test for the
    /// customers whose value the column could not key exactly.
    /// </summary>
    public BitmapExpression Compile(QueryNode node, QueryField field, FieldColumnView column, Func<Func<CustomerRow, bool>> rowTest)
    {
        var accepts = ValueTests.Compile(node, now);
        var parts = new List<BitmapExpression>();
        if (column.Values is { } values)
        {
            Add(parts, values.Matching(CacheKey(node, field), AcceptsStored(field, accepts)));
        }

        if (column.Range is { } range && Keys(node, range) is { } keys)
        {
            parts.Add(keys);
        }

        if (!column.OnRow.IsEmpty)
        {
            var test = rowTest();
            Add(parts, RoaringBitmap.FromSorted(Array.FindAll(column.OnRow.ToArray(), o => snapshot.Rows[o] is { } row && test(row))));
        }

        if (accepts(null))
        {
            Add(parts, RoaringBitmap.AndNot(snapshot.Live, column.Present));
        }

        return parts.Count switch
        {
            0 => BitmapExpression.None,
            1 => parts[0],
            _ => BitmapExpression.Or([.. parts]),
        };
    }

    // Only age reads the clock among values in an equality index (it is kept as the birth date).
    private (QueryNode, DateOnly) CacheKey(QueryNode node, QueryField field) => (node, field.Name == "age" ? DateOnly.FromDateTime(now) : default);

    private Func<object, bool> AcceptsStored(QueryField field, Func<object?, bool> accepts)
    {
        if (field.Name != "age")
        {
            return v => accepts(v);
        }

        var today = DateOnly.FromDateTime(now);
        return v => accepts(v is DateOnly birthDate ? (decimal)FieldValues.AgeOn(birthDate, today) : v);
    }

    private BitmapExpression? Keys(QueryNode node, RangeColumnView range)
    {
        switch (node)
        {
            case FieldCompare c:
                return Compare(c.Field, c.Operator, c.Value, range);
            case FieldBetween b:
                var lower = Compare(b.Field, CompareOperator.GreaterOrEqual, b.Lower, range);
                var upper = Compare(b.Field, CompareOperator.LessOrEqual, b.Upper, range);
                return lower is null || upper is null ? null : BitmapExpression.And(lower, upper);
            case FieldIn i:
                var equal = i.Values.Select(v => Compare(i.Field, CompareOperator.Equal, v, range)).OfType<BitmapExpression>().ToArray();
                return equal.Length == 0 ? null : BitmapExpression.Or(equal);
            case FieldIsNull { Negated: true }:
                return BitmapExpression.Leaf(range.Keyed);
            default:
                return null;
        }
    }

    private BitmapExpression? Compare(QueryField field, CompareOperator op, QueryValue value, RangeColumnView range)
    {
        (KeyRange Range, bool Negated)? test = field.Kind == QueryFieldKind.Date
            ? FieldPredicates.DateBounds(value, now) is var (start, end) ? ColumnKeys.Dates(op, start, end) : null
            : value is NumberValue number ? ColumnKeys.Numbers(op, number.Value) : null;
        return test is { } t ? range.Matching(t.Range, t.Negated, field.Kind == QueryFieldKind.Date ? DateBucket : 0) : null;
    }

    private static void Add(List<BitmapExpression> parts, RoaringBitmap bitmap)
    {
        if (!bitmap.IsEmpty)
        {
            parts.Add(BitmapExpression.Leaf(bitmap));
        }
    }
}
