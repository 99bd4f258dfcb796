using System.Globalization;
using TagApi.Core.Segments.Query;

namespace TagApi.Bench.Queries;

/// <summary>Renders a segment in TagApi's query language (PRODUCT.md §3), checked by TagApi's own parser.</summary>
public static class TagApiText
{
    public static string Render(Segment segment)
    {
        var text = Write(segment);
        // Fail early, before any timing, if the text is not valid in the product's language.
        SegmentQueryParser.Parse(text);
        return text;
    }

    private static string Write(Segment segment) => segment switch
    {
        TagIs t => $"tag = {Quote(t.Key)}",
        TagIn t => $"tag IN ({string.Join(", ", t.Keys.Select(Quote))})",
        TagUnder t => $"tag UNDER {Quote(t.Key)}",
        AllOf a => string.Join(" AND ", a.Parts.Select(p => p is AnyOf ? $"({Write(p)})" : Write(p))),
        AnyOf a => string.Join(" OR ", a.Parts.Select(p => p is AllOf ? $"({Write(p)})" : Write(p))),
        NotOf n => n.Inner is AllOf or AnyOf ? $"NOT ({Write(n.Inner)})" : $"NOT {Write(n.Inner)}",
        TotalSpentAbove s => string.Create(CultureInfo.InvariantCulture, $"totalSpent > {s.Amount}"),
        LastOrderWithin w => string.Create(CultureInfo.InvariantCulture, $"lastOrderAt > -{w.Days}d"),
        _ => throw new NotSupportedException(segment.GetType().Name),
    };

    private static string Quote(string key) => "'" + key.Replace("'", "''", StringComparison.Ordinal) + "'";
}
