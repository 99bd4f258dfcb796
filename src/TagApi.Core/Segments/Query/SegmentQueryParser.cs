namespace TagApi.Core.Segments.Query;

/// <summary>
/// Parses the text form of the segment query language (PRODUCT.md §3). Names of tags,
/// categories and segments are not checked here; that is <see cref="SegmentQueryBinder"/>'s
/// job, so a query can be parsed without a database.
/// </summary>
public static class SegmentQueryParser
{
    /// <summary>
    /// Parses <paramref name="text"/> into a query. The result is as written (not normalised);
    /// tag, category and segment keys and activity types are lower-cased.
    /// </summary>
    /// <exception cref="SegmentQueryException">
    /// The text breaks the grammar, a type rule or a limit. Syntax stops at the first error;
    /// unknown fields and type errors are all collected.
    /// </exception>
    public static QueryNode Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (QueryLimits.FindOversize(text) is { } end)
        {
            throw new SegmentQueryException([QueryLimits.TooLong(ErrorSite.At(end))]);
        }

        return new QueryTextParser(SegmentQueryLexer.Tokenize(text)).ParseQuery();
    }
}
