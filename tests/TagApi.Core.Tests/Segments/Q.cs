using TagApi.Core.Segments.Query;

namespace TagApi.Core.Tests.Segments;

/// <summary>Short ways to write expected ASTs, so a test reads like the query it checks.</summary>
internal static class Q
{
    public static QueryField Field(string name) =>
        QueryField.TryParse(name, out var field) ? field : throw new ArgumentException($"No field {name}", nameof(name));

    public static NumberValue Num(decimal value) => new(value);

    public static StringValue Str(string value) => new(value);

    public static QueryDuration Days(int amount) => new(amount, DurationUnit.Days);

    public static QueryDuration Hours(int amount) => new(amount, DurationUnit.Hours);

    public static FieldCompare Compare(string field, CompareOperator op, QueryValue value) => new(Field(field), op, value);

    public static QueryNode Parse(string text) => SegmentQueryParser.Parse(text);

    /// <summary>The errors parsing <paramref name="text"/> must produce.</summary>
    public static IReadOnlyList<QueryError> Errors(string text) =>
        Assert.Throws<SegmentQueryException>(() => SegmentQueryParser.Parse(text)).Errors;

    /// <summary>The one error parsing <paramref name="text"/> must produce.</summary>
    public static QueryError Error(string text) => Assert.Single(Errors(text));
}
