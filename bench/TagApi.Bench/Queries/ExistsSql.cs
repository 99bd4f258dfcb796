using System.Globalization;

namespace TagApi.Bench.Queries;

/// <summary>
/// The ORM-shaped peer: one row per customer, each tag test an <c>EXISTS</c> probe into
/// "TagAssignments" by primary key — what a LINQ <c>Any()</c> chain turns into. The key begins with the tenant (the
/// schema is sharding-ready), so the probe names it, as every query of a tenant-scoped model does.
/// </summary>
public static class ExistsSql
{
    public static string Count(Segment segment, SqlContext context) =>
        string.Create(CultureInfo.InvariantCulture,
            $"SELECT count(*) FROM \"Customers\" c WHERE c.\"TenantId\" = {context.TenantId} AND {Predicate(segment.Expand(), context)}");

    /// <summary>Members in id order after <c>@after</c>, <c>@limit</c> at a time.</summary>
    public static string Page(Segment segment, SqlContext context) =>
        string.Create(CultureInfo.InvariantCulture,
            $"SELECT c.\"Id\" FROM \"Customers\" c WHERE c.\"TenantId\" = {context.TenantId} AND c.\"Id\" > @after AND {Predicate(segment.Expand(), context)} ORDER BY c.\"Id\" LIMIT @limit");

    /// <summary>The given customer columns of every member, e.g. for COPY.</summary>
    public static string Select(Segment segment, SqlContext context, string columns) =>
        string.Create(CultureInfo.InvariantCulture,
            $"SELECT {columns} FROM \"Customers\" c WHERE c.\"TenantId\" = {context.TenantId} AND {Predicate(segment.Expand(), context)}");

    private static string Predicate(Segment segment, SqlContext context) => segment switch
    {
        TagIs t => string.Create(CultureInfo.InvariantCulture,
            $"EXISTS (SELECT 1 FROM \"TagAssignments\" a WHERE a.\"TenantId\" = c.\"TenantId\" AND a.\"CustomerId\" = c.\"Id\" AND a.\"TagId\" = {context.Tag(t.Key)})"),
        AllOf a => "(" + string.Join(" AND ", a.Parts.Select(p => Predicate(p, context))) + ")",
        AnyOf a => "(" + string.Join(" OR ", a.Parts.Select(p => Predicate(p, context))) + ")",
        NotOf n => $"NOT {Predicate(n.Inner, context)}",
        _ => context.Dialect.Column(segment, "c"),
    };
}
