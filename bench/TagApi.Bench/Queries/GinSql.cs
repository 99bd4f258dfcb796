using System.Globalization;
using TagApi.Bench.Peers;

namespace TagApi.Bench.Queries;

/// <summary>
/// The intarray peer's SQL: tag-only parts become one <c>tags @@ 'query_int'</c> test (which the
/// GIN index answers); customer columns are joined from "Customers" by primary key.
/// </summary>
public static class GinSql
{
    public static string QueryInt(Segment segment, SqlContext context) => segment switch
    {
        TagIs t => context.Tag(t.Key).ToString(CultureInfo.InvariantCulture),
        AllOf a => string.Join("&", a.Parts.Select(p => Group(p, context))),
        AnyOf a => string.Join("|", a.Parts.Select(p => Group(p, context))),
        NotOf n => "!" + Group(n.Inner, context),
        _ => throw new NotSupportedException($"{segment.GetType().Name} is not a tag expression; expand it first."),
    };

    public static string Count(Segment segment, SqlContext context) =>
        $"SELECT count(*) FROM {From(segment)} WHERE {Predicate(segment.Expand(), context)}";

    /// <summary>Members in id order after <c>@after</c>, <c>@limit</c> at a time.</summary>
    public static string Page(Segment segment, SqlContext context) =>
        $"SELECT b.customer_id FROM {From(segment)} WHERE {Predicate(segment.Expand(), context)} AND b.customer_id > @after ORDER BY b.customer_id LIMIT @limit";

    /// <summary>The given customer columns of every member the index finds, e.g. for COPY.</summary>
    public static string Select(Segment segment, SqlContext context, string columns) =>
        string.Create(CultureInfo.InvariantCulture,
            $"SELECT {columns} FROM \"Customers\" c WHERE c.\"TenantId\" = {context.TenantId} AND c.\"Id\" IN (SELECT b.customer_id FROM {From(segment)} WHERE {Predicate(segment.Expand(), context)})");

    private static string From(Segment segment) =>
        segment.TagsOnly ? $"{GinPeerTable.Table} b" : $"{GinPeerTable.Table} b JOIN \"Customers\" c ON c.\"Id\" = b.customer_id";

    private static string Predicate(Segment segment, SqlContext context)
    {
        if (segment.TagsOnly)
        {
            return $"b.tags @@ '{QueryInt(segment, context)}'::query_int";
        }

        return segment switch
        {
            AllOf a => Combine(a.Parts, " AND ", context, p => new AllOf(p)),
            AnyOf a => Combine(a.Parts, " OR ", context, p => new AnyOf(p)),
            NotOf n => $"NOT ({Predicate(n.Inner, context)})",
            _ => context.Dialect.Column(segment, "c"),
        };
    }

    // All tag-only parts of one AND/OR go into a single query_int, the way one would write it by hand.
    private static string Combine(IReadOnlyList<Segment> parts, string op, SqlContext context, Func<IReadOnlyList<Segment>, Segment> group)
    {
        var tags = parts.Where(p => p.TagsOnly).ToList();
        var rest = parts.Where(p => !p.TagsOnly).Select(p => $"({Predicate(p, context)})");
        var pieces = tags.Count == 0 ? rest : rest.Prepend(Predicate(tags.Count == 1 ? tags[0] : group(tags), context));
        return string.Join(op, pieces);
    }

    private static string Group(Segment segment, SqlContext context) =>
        segment is TagIs or NotOf { Inner: TagIs } ? QueryInt(segment, context) : $"({QueryInt(segment, context)})";
}
