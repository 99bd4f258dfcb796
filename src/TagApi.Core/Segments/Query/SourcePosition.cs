namespace TagApi.Core.Segments.Query;

/// <summary>
/// A 1-based line and column in query text. Columns count Unicode code points, so a
/// Chinese tag name or an emoji moves the column by one, as an editor shows it.
/// </summary>
public readonly record struct SourcePosition(int Line, int Column)
{
    /// <summary>No position: the node was built by code or read from the JSON form.</summary>
    public static SourcePosition None => default;

    /// <summary>True when the position points into query text.</summary>
    public bool IsKnown => Line > 0;

    /// <inheritdoc />
    public override string ToString() => $"line {Line}, column {Column}";
}
