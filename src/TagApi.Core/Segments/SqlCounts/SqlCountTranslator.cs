using System.Linq.Expressions;
using TagApi.Core.Customers;
using TagApi.Core.Data;
using TagApi.Core.Segments.Engine;
using TagApi.Core.Segments.Query;

namespace TagApi.Core.Segments.SqlCounts;

/// <summary>A tag of the tenant as the translator needs it: key, category and parent.</summary>
public sealed record SqlTag(long Id, string Key, string CategoryKey, long? ParentId);

/// <summary>
/// Turns a query into a LINQ predicate on customers that EF Core sends to the database as <c>EXISTS</c> subqueries on
/// tag assignments (one per tag term) and plain column comparisons, so every provider gets its own SQL and the
/// tenant filters apply as in any other read. Boolean tag expressions, tag hierarchy and categories, and number
/// comparisons of <c>orderCount</c> and <c>totalSpent</c> are translated; anything else is refused with
/// <c>query_unsupported</c>.
/// </summary>
public sealed class SqlCountTranslator(TagApiDbContext db, IReadOnlyList<SqlTag> tags)
{
    private static readonly ParameterExpression Customer = Expression.Parameter(typeof(Customer), "c");

    public Expression<Func<Customer, bool>> Translate(QueryNode root) => Expression.Lambda<Func<Customer, bool>>(Node(root), Customer);

    private Expression Node(QueryNode node) => node switch
    {
        TrueNode => Expression.Constant(true),
        AndNode and => and.Operands.Select(Node).Aggregate(Expression.AndAlso),
        OrNode or => or.Operands.Select(Node).Aggregate(Expression.OrElse),
        NotNode not => Expression.Not(Node(not.Operand)),
        TagEquals equals => HoldsAny(Keyed(equals.Key)),
        TagNotEquals notEquals => Expression.Not(HoldsAny(Keyed(notEquals.Key))),
        TagIn @in => HoldsAny(@in.Keys.SelectMany(Keyed)),
        TagUnder under => HoldsAny(Keyed(under.Key).SelectMany(Descendants)),
        CategoryEquals category => HoldsAny(tags.Where(t => Same(t.Key, category.TagKey) && Same(t.CategoryKey, category.CategoryKey)).Select(t => t.Id)),
        CategoryIsNull { Negated: true } category => HoldsAny(InCategory(category.CategoryKey)),
        CategoryIsNull category => Expression.Not(HoldsAny(InCategory(category.CategoryKey))),
        FieldCompare { Value: NumberValue number } compare when compare.Field.Name is "orderCount" or "totalSpent" => Compare(compare, number.Value),
        _ => throw new UnsupportedQueryException(
            $"Segments:Engine is Sql on this server, which counts boolean tag expressions, tag hierarchies, categories and number comparisons of orderCount and totalSpent; '{SegmentQueryFormatter.Format(node)}' is not translated to SQL."),
    };

    private Expression HoldsAny(IEnumerable<long> tagIds)
    {
        var ids = tagIds.Distinct().ToArray();
        if (ids.Length == 0)
        {
            return Expression.Constant(false);
        }

        var single = ids[0];
        Expression<Func<Customer, bool>> holds = ids.Length == 1
            ? c => db.TagAssignments.Any(a => a.CustomerId == c.Id && a.TagId == single)
            : c => db.TagAssignments.Any(a => a.CustomerId == c.Id && ids.Contains(a.TagId));
        return new Rebind(holds.Parameters[0], Customer).Visit(holds.Body);
    }

    private static BinaryExpression Compare(FieldCompare compare, decimal value)
    {
        // Each column is compared in its own type, so the provider's mapping of it (REAL on SQLite) applies to the value too.
        Expression left, right;
        if (compare.Field.Name == "orderCount")
        {
            var number = (double)value;
            Expression<Func<Customer, double>> read = c => c.Metrics.OrderCount;
            Expression<Func<double>> operand = () => number;
            (left, right) = (new Rebind(read.Parameters[0], Customer).Visit(read.Body), operand.Body);
        }
        else
        {
            Expression<Func<Customer, decimal>> read = c => c.Metrics.TotalSpent;
            Expression<Func<decimal>> operand = () => value;
            (left, right) = (new Rebind(read.Parameters[0], Customer).Visit(read.Body), operand.Body);
        }

        return compare.Operator switch
        {
            CompareOperator.Equal => Expression.Equal(left, right),
            CompareOperator.NotEqual => Expression.NotEqual(left, right),
            CompareOperator.Less => Expression.LessThan(left, right),
            CompareOperator.LessOrEqual => Expression.LessThanOrEqual(left, right),
            CompareOperator.Greater => Expression.GreaterThan(left, right),
            _ => Expression.GreaterThanOrEqual(left, right),
        };
    }

    private IEnumerable<long> Keyed(string key) => tags.Where(t => Same(t.Key, key)).Select(t => t.Id);

    private IEnumerable<long> InCategory(string categoryKey) => tags.Where(t => Same(t.CategoryKey, categoryKey)).Select(t => t.Id);

    // Tags form a forest at most Tag.MaxDepth deep, so a breadth-first walk from the tag is short.
    private IEnumerable<long> Descendants(long root)
    {
        var found = new List<long> { root };
        for (var i = 0; i < found.Count; i++)
        {
            var parent = found[i];
            found.AddRange(tags.Where(t => t.ParentId == parent).Select(t => t.Id));
        }

        return found;
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    /// <summary>Points a lambda's body at the shared customer parameter.</summary>
    private sealed class Rebind(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }
}
