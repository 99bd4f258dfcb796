namespace TagApi.Core.Segments.Query;

/// <summary>
/// Which literals and operators each field kind accepts. Shared by the text parser and the
/// JSON reader so both forms refuse the same queries with the same words; each returns the
/// problem or null.
/// </summary>
internal static class QueryTypeRules
{
    private const string TextOperators = "text is compared with =, !=, IN, CONTAINS or STARTS WITH";
    private const string DateForms = "write a date such as 2026-01-31 or a relative time such as -30d or today";

    /// <summary>The value fits the field's kind.</summary>
    public static RuleViolation? CheckValue(QueryField field, QueryValue value) => field.Kind switch
    {
        QueryFieldKind.Number when value is not NumberValue =>
            new($"Field '{field}' needs a number but got {Describe(value)}"),
        QueryFieldKind.Date when value is not (DateValue or RelativeTimeValue or TodayValue) =>
            new($"Field '{field}' needs a date or a relative time but got {Describe(value)}", DateForms),
        QueryFieldKind.Text when value is not StringValue =>
            new($"Field '{field}' needs text but got {Describe(value)}", "text goes in single quotes"),
        QueryFieldKind.Text when field.Name == QueryField.RfmSegmentName && value is StringValue s && !Value.RfmSegments.Names.Contains(s.Value) =>
            new($"'{s.Value}' is not an RFM segment", "one of " + string.Join(", ", Value.RfmSegments.Names)),
        _ => null,
    };

    /// <summary>
    /// <c>&lt; &lt;= &gt; &gt;=</c> need ordered values. Text is not ordered on purpose: the three
    /// supported databases collate text differently, so a segment would differ by provider.
    /// </summary>
    public static RuleViolation? CheckCompare(QueryField field, CompareOperator op, QueryValue value) =>
        CheckValue(field, value)
        ?? (op.IsOrdering() && value is StringValue or BooleanValue
            ? new($"Operator '{op.ToSymbol()}' needs a number or a date but got {Describe(value)}", TextOperators)
            : null);

    /// <summary>A BETWEEN bound fits the field and is ordered.</summary>
    public static RuleViolation? CheckBetweenBound(QueryField field, QueryValue value) =>
        CheckValue(field, value)
        ?? (value is StringValue or BooleanValue
            ? new($"BETWEEN needs numbers or dates but got {Describe(value)}", TextOperators)
            : null);

    /// <summary>Both bounds are of one kind and the lower is not above the upper.</summary>
    public static RuleViolation? CheckBetweenOrder(QueryValue lower, QueryValue upper) => (lower, upper) switch
    {
        (NumberValue l, NumberValue u) => l.Value > u.Value ? Inverted(lower, upper) : null,
        (DateValue l, DateValue u) => l.Value > u.Value ? Inverted(lower, upper) : null,
        (RelativeTimeValue l, RelativeTimeValue u) => l.TotalHours > u.TotalHours ? Inverted(lower, upper) : null,
        (NumberValue, _) or (_, NumberValue) =>
            new($"BETWEEN bounds must be of one kind but got {Describe(lower)} and {Describe(upper)}"),
        _ => null,
    };

    /// <summary>CONTAINS and STARTS WITH read text.</summary>
    public static RuleViolation? CheckTextOperator(QueryField field, string operatorName) =>
        field.Kind is QueryFieldKind.Number or QueryFieldKind.Date
            ? new($"{operatorName} applies to text but '{field}' is a {(field.Kind == QueryFieldKind.Number ? "number" : "date")} field")
            : null;

    /// <summary>An aggregate window is positive and at most ten years.</summary>
    public static RuleViolation? CheckWindow(QueryDuration window) =>
        window.Amount <= 0 ? new($"Window must be positive but got {window}")
        : window.TotalHours > QueryLimits.MaxWindowDays * 24L
            ? new($"Window {window} is longer than the maximum of {QueryLimits.MaxWindowDays}d")
            : null;

    /// <summary>A relative time stays within a hundred years, so resolving it cannot overflow a date.</summary>
    public static RuleViolation? CheckRelative(QueryValue value) =>
        value is RelativeTimeValue relative && Math.Abs(relative.TotalHours) > QueryLimits.MaxRelativeDays * 24L
            ? new($"Relative time {relative} is further than {QueryLimits.MaxRelativeDays}d from now")
            : null;

    /// <summary>Tag, category and segment keys are not empty.</summary>
    public static RuleViolation? CheckKey(string key, string what) =>
        key.Length == 0 ? new($"{what} key must not be empty") : null;

    /// <summary>"number 3", "text 'abc'", "date 2026-01-31", "relative time -30d", "boolean true".</summary>
    public static string Describe(QueryValue value) => value switch
    {
        NumberValue => "number " + value,
        StringValue s => "text " + Clip(value.ToString(), s.Value.Length),
        DateValue => "date " + value,
        BooleanValue => "boolean " + value,
        _ => "relative time " + value,
    };

    private static RuleViolation Inverted(QueryValue lower, QueryValue upper) =>
        new($"BETWEEN lower bound {lower} is above upper bound {upper}");

    private static string Clip(string quoted, int length) => length <= 40 ? quoted : quoted[..38] + "...'";
}

/// <summary>A broken type rule: what is wrong, and advice shown after the error's position.</summary>
internal readonly record struct RuleViolation(string Problem, string Hint = "");
