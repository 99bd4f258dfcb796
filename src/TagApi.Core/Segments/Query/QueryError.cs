namespace TagApi.Core.Segments.Query;

/// <summary>One problem found in a segment query, precise enough for an editor to underline it.</summary>
/// <param name="Message">The full English message, position included, e.g.
/// <c>Unknown field 'cty' at line 1, column 1; did you mean 'city'?</c></param>
/// <param name="Line">1-based line in the query text; 0 when the query came as JSON (see <see cref="Path"/>).</param>
/// <param name="Column">1-based column (Unicode code points); 0 when the query came as JSON.</param>
public sealed record QueryError(string Message, int Line, int Column)
{
    /// <summary>
    /// What would have been accepted at the position: literal tokens as typed (<c>)</c>, <c>,</c>,
    /// <c>AND</c>, <c>STARTS WITH</c>) and kinds of token in angle brackets (<c>&lt;string&gt;</c>,
    /// <c>&lt;number&gt;</c>, <c>&lt;value&gt;</c>, <c>&lt;predicate&gt;</c>, <c>&lt;duration&gt;</c>,
    /// <c>&lt;end of query&gt;</c>). Empty for errors that are not about syntax.
    /// </summary>
    public IReadOnlyList<string> Expected { get; init; } = [];

    /// <summary>The unknown name (field, function, tag, category, segment, JSON property), if that is the problem.</summary>
    public string? Unknown { get; init; }

    /// <summary>The closest known name to <see cref="Unknown"/> or to a misspelt keyword, if one is close enough.</summary>
    public string? Suggestion { get; init; }

    /// <summary>For the JSON form: the JSON path of the offending element, e.g. <c>$.and[1].field</c>.</summary>
    public string? Path { get; init; }
}
