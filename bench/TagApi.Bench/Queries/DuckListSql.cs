using System.Globalization;

namespace TagApi.Bench.Queries;

/// <summary>
/// The DuckDB list peer's SQL: one row per customer with its tags as an <c>INTEGER[]</c>; a tag test is
/// <c>list_contains</c>, AND/OR/NOT are the boolean operators, customer columns are on the same row.
/// </summary>
public static class DuckListSql
{
    public const string Table = "\"CustomerTags\"";

    public static string Count(Segment segment, SqlContext context) =>
        $"SELECT count(*) FROM {Table} c WHERE {Predicate(segment.Expand(), context)}";

    /// <summary>Every member's id, as <c>id</c> (a page takes its slice, see <see cref="Peers.DuckDbSegmentPeer.PreparePage"/>).</summary>
    public static string Members(Segment segment, SqlContext context) =>
        $"SELECT c.\"Id\" AS id FROM {Table} c WHERE {Predicate(segment.Expand(), context)}";

    private static string Predicate(Segment segment, SqlContext context) => segment switch
    {
        TagIs t => string.Create(CultureInfo.InvariantCulture, $"list_contains(c.tags, {context.Tag(t.Key)})"),
        AllOf a => string.Join(" AND ", a.Parts.Select(p => $"({Predicate(p, context)})")),
        AnyOf a => string.Join(" OR ", a.Parts.Select(p => $"({Predicate(p, context)})")),
        NotOf n => $"NOT ({Predicate(n.Inner, context)})",
        _ => context.Dialect.Column(segment, "c"),
    };
}
