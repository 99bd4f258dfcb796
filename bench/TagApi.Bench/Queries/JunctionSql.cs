using System.Globalization;

namespace TagApi.Bench.Queries;

/// <summary>
/// Set algebra over the real "TagAssignments" table: each tag is the set of its customers, AND is
/// INTERSECT, OR is UNION, NOT is EXCEPT. Every compound operand is wrapped as a subquery, so one
/// level never mixes operators and the text means the same on PostgreSQL and SQLite.
/// </summary>
public static class JunctionSql
{
    public static string Count(Segment segment, SqlContext context) =>
        $"SELECT count(*) FROM ({Set(segment.Expand(), context)}) AS s";

    /// <summary>Every member's id, as <c>id</c>.</summary>
    public static string Members(Segment segment, SqlContext context) => Set(segment.Expand(), context);

    private static string Set(Segment segment, SqlContext context) => segment switch
    {
        TagIs t => string.Create(CultureInfo.InvariantCulture,
            $"SELECT \"CustomerId\" AS id FROM \"TagAssignments\" WHERE \"TenantId\" = {context.TenantId} AND \"TagId\" = {context.Tag(t.Key)}"),
        AnyOf a => Compound("UNION", a.Parts, context),
        AllOf a => Intersection(a, context),
        NotOf n => $"{Universe(context)} EXCEPT {Operand(n.Inner, context)}",
        _ => string.Create(CultureInfo.InvariantCulture,
            $"SELECT c.\"Id\" AS id FROM \"Customers\" c WHERE c.\"TenantId\" = {context.TenantId} AND {context.Dialect.Column(segment, "c")}"),
    };

    // Positives are intersected, then everything the negated parts name is taken away.
    private static string Intersection(AllOf all, SqlContext context)
    {
        var positives = all.Parts.Where(p => p is not NotOf).ToList();
        var negatives = all.Parts.OfType<NotOf>().Select(n => n.Inner).ToList();
        var kept = positives.Count switch
        {
            0 => Universe(context),
            1 => Set(positives[0], context),
            _ => Compound("INTERSECT", positives, context),
        };
        if (negatives.Count == 0)
        {
            return kept;
        }

        var removed = negatives.Count == 1 ? Operand(negatives[0], context) : Wrap(Compound("UNION", negatives, context));
        return $"{Wrap(kept)} EXCEPT {removed}";
    }

    private static string Compound(string op, IEnumerable<Segment> parts, SqlContext context) =>
        string.Join($" {op} ", parts.Select(p => Operand(p, context)));

    private static string Operand(Segment segment, SqlContext context) =>
        segment is TagIs ? Set(segment, context) : Wrap(Set(segment, context));

    private static string Wrap(string set) => $"SELECT id FROM ({set}) AS w";

    private static string Universe(SqlContext context) =>
        string.Create(CultureInfo.InvariantCulture, $"SELECT \"Id\" AS id FROM \"Customers\" WHERE \"TenantId\" = {context.TenantId}");
}
