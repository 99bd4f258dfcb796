namespace TagApi.Core.Segments.Query;

/// <summary>
/// Where an error is: a text position or a JSON path. Lets the text parser, the JSON reader
/// and the binder share one set of message templates.
/// </summary>
internal readonly record struct ErrorSite(SourcePosition Position, string? Path)
{
    public static ErrorSite At(SourcePosition position) => new(position, null);

    public static ErrorSite AtPath(string path) => new(SourcePosition.None, path);

    /// <summary>" at line 1, column 7", " at $.and[0]", or nothing when the place is unknown.</summary>
    public string Describe() =>
        Path is not null ? " at " + Path : Position.IsKnown ? " at " + Position : "";

    /// <summary>An error whose message is <paramref name="problem"/>, the place, then an optional tail.</summary>
    public QueryError Error(string problem, string tail = "") =>
        new(problem + Describe() + tail, Position.Line, Position.Column) { Path = Path };

    /// <summary>The error for a broken type rule, its hint after the place.</summary>
    public QueryError Error(RuleViolation violation) =>
        Error(violation.Problem, violation.Hint.Length > 0 ? "; " + violation.Hint : "");

    /// <summary><c>Unknown field 'cty' at line 1, column 1; did you mean 'city'?</c></summary>
    public QueryError Unknown(string what, string name, string? suggestion) =>
        Error($"Unknown {what} '{name}'", suggestion is null ? "" : $"; did you mean '{suggestion}'?")
            with { Unknown = name, Suggestion = suggestion };
}
