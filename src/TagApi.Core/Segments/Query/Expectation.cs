namespace TagApi.Core.Segments.Query;

/// <summary>
/// The vocabulary of <see cref="QueryError.Expected"/>: literal tokens as typed, kinds of
/// token in angle brackets. Turns a list of them into the "Expected ... but found ..." text.
/// </summary>
internal static class Expectation
{
    public const string String = "<string>";
    public const string Number = "<number>";
    public const string Value = "<value>";
    public const string Predicate = "<predicate>";
    public const string Duration = "<duration>";
    public const string ActivityType = "<activity type>";
    public const string CategoryKey = "<category key>";
    public const string AttributeName = "<attribute name>";
    public const string End = "<end of query>";

    /// <summary>The expectations after a field name.</summary>
    public static readonly string[] FieldOperators =
        [.. CompareOperators.All, "BETWEEN", "IN", "IS", "CONTAINS", "STARTS WITH"];

    /// <summary><c>Expected ')' or ',' at line 1, column 27 but found 'AND'</c>.</summary>
    public static QueryError Unexpected(
        ErrorSite site, IReadOnlyList<string> expected, string found, string? suggestion = null, string? hint = null)
    {
        var tail = " but found " + found
            + (suggestion is null ? "" : $"; did you mean '{suggestion}'?")
            + (hint is null ? "" : "; " + hint);
        return site.Error("Expected " + Join(expected), tail) with { Expected = expected, Suggestion = suggestion };
    }

    /// <summary>'a', 'b' or 'c'.</summary>
    public static string Join(IReadOnlyList<string> expected)
    {
        var parts = expected.Select(Describe).ToList();
        return parts.Count == 1 ? parts[0] : string.Join(", ", parts.Take(parts.Count - 1)) + " or " + parts[^1];
    }

    private static string Describe(string expected) => expected switch
    {
        End => "end of query",
        Duration => "a duration such as 30d",
        ['<', .. var kind, '>'] => ("aeiou".Contains(kind[0], StringComparison.Ordinal) ? "an " : "a ") + kind,
        _ => $"'{expected}'",
    };
}
