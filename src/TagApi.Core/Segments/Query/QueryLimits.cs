using System.Text;

namespace TagApi.Core.Segments.Query;

/// <summary>
/// Size limits on a query (PRODUCT.md §3). They keep evaluation cost bounded for every
/// tenant and keep the recursive parser and evaluator far from stack exhaustion.
/// </summary>
public static class QueryLimits
{
    /// <summary>Query text may be at most 10 KB of UTF-8.</summary>
    public const int MaxTextBytes = 10 * 1024;

    /// <summary>At most this many predicates (leaves, <c>true</c> included).</summary>
    public const int MaxPredicates = 100;

    /// <summary>
    /// At most this many nested AND/OR/NOT levels. In text, parentheses and NOT count too,
    /// whether or not they create a level.
    /// </summary>
    public const int MaxDepth = 32;

    /// <summary>Aggregate windows may reach back at most ten years.</summary>
    public const int MaxWindowDays = 3650;

    /// <summary>Relative times may point at most a hundred years away.</summary>
    public const int MaxRelativeDays = 36500;

    /// <summary>The position of the first character past the byte limit, or null when the text fits.</summary>
    internal static SourcePosition? FindOversize(string text)
    {
        if (Encoding.UTF8.GetByteCount(text) <= MaxTextBytes)
        {
            return null;
        }

        int bytes = 0, line = 1, column = 1;
        foreach (var rune in text.EnumerateRunes())
        {
            bytes += rune.Utf8SequenceLength;
            if (bytes > MaxTextBytes)
            {
                break;
            }

            (line, column) = rune.Value == '\n' ? (line + 1, 1) : (line, column + 1);
        }

        return new SourcePosition(line, column);
    }

    /// <summary>The outermost AND/OR/NOT node nested deeper than <see cref="MaxDepth"/>, or null.</summary>
    internal static QueryNode? FindTooDeep(QueryNode node, int depth = 0)
    {
        IReadOnlyList<QueryNode> children = node switch
        {
            AndNode and => and.Operands,
            OrNode or => or.Operands,
            NotNode not => [not.Operand],
            _ => [],
        };
        if (children.Count == 0)
        {
            return null;
        }

        if (depth + 1 > MaxDepth)
        {
            return node;
        }

        foreach (var child in children)
        {
            if (FindTooDeep(child, depth + 1) is { } tooDeep)
            {
                return tooDeep;
            }
        }

        return null;
    }

    internal static QueryError TooLong(ErrorSite site) =>
        site.Error($"Query text is longer than {MaxTextBytes} bytes (10 KB); the limit is reached");

    internal static QueryError TooManyPredicates(ErrorSite site) =>
        site.Error($"Query has more than {MaxPredicates} predicates; predicate {MaxPredicates + 1} is", "; move parts into saved segments and use segment = '...'");

    internal static QueryError TooDeep(ErrorSite site) =>
        site.Error($"Query nests deeper than {MaxDepth} levels; level {MaxDepth + 1} starts");
}
