namespace TagApi.Core.Segments.Columns;

/// <summary>A half-open interval of column keys, <c>[Low, High)</c>.</summary>
internal readonly record struct KeyRange(long Low, long High)
{
    public static KeyRange Empty { get; } = new(0, 0);

    public static KeyRange From(long low) => new(low, ColumnKeys.Absent);

    public static KeyRange Below(long high) => new(long.MinValue, high);
}

/// <summary>
/// Order-preserving 64-bit keys for range columns: dates as UTC ticks, numbers as fixed-point with
/// four decimals. A number with more decimals, or too large, has no exact key; the column then
/// marks its customer to be tested on the row, so comparisons stay exact.
/// </summary>
internal static class ColumnKeys
{
    /// <summary>The key of "no value": above every real key, so no range that excludes it can match it.</summary>
    public const long Absent = long.MaxValue;

    private const decimal Scale = 10_000m;

    // Keys stay within ±2^62, so thresholds clamped just outside that range keep their meaning.
    private const long Limit = 1L << 62;

    public static bool TryEncode(decimal value, out long key)
    {
        key = 0;
        if (Math.Abs(value) >= Limit / Scale)
        {
            return false;
        }

        var scaled = value * Scale;
        if (scaled != decimal.Truncate(scaled))
        {
            return false;
        }

        key = (long)scaled;
        return true;
    }

    public static long Encode(DateTime at) => at.Ticks;

    /// <summary>The keys of numbers compared with <paramref name="bound"/> by <paramref name="op"/>; <c>!=</c> is the complement of <c>=</c>.</summary>
    public static (KeyRange Range, bool Negated) Numbers(Query.CompareOperator op, decimal bound)
    {
        var scaled = Math.Abs(bound) >= Limit / Scale ? Math.Sign(bound) * (decimal)(Limit + 1) : bound * Scale;
        var below = (long)decimal.Floor(scaled);
        var above = (long)decimal.Ceiling(scaled);
        var exact = below == above;
        return op switch
        {
            Query.CompareOperator.Greater => (KeyRange.From(below + 1), false),
            Query.CompareOperator.GreaterOrEqual => (KeyRange.From(above), false),
            Query.CompareOperator.Less => (KeyRange.Below(above), false),
            Query.CompareOperator.LessOrEqual => (KeyRange.Below(below + 1), false),
            Query.CompareOperator.Equal => (exact ? new KeyRange(below, below + 1) : KeyRange.Empty, false),
            _ => (exact ? new KeyRange(below, below + 1) : KeyRange.Empty, true),
        };
    }

    /// <summary>
    /// The keys of dates compared with a whole day <c>[start, end)</c> or, when both are equal, one
    /// instant — the same reading <see cref="Engine.FieldPredicates"/> gives a date literal.
    /// </summary>
    public static (KeyRange Range, bool Negated) Dates(Query.CompareOperator op, DateTime start, DateTime end)
    {
        var s = Encode(start);
        var e = start == end ? s + 1 : Encode(end);
        return op switch
        {
            Query.CompareOperator.Equal => (new KeyRange(s, e), false),
            Query.CompareOperator.NotEqual => (new KeyRange(s, e), true),
            Query.CompareOperator.Less => (KeyRange.Below(s), false),
            Query.CompareOperator.LessOrEqual => (KeyRange.Below(e), false),
            Query.CompareOperator.Greater => (KeyRange.From(e), false),
            _ => (KeyRange.From(s), false),
        };
    }
}
