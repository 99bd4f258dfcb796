using System.Data.Common;
using System.Globalization;
using TagApi.Core.Segments.Engine;
using TagApi.Core.Segments.Query;

namespace TagApi.Api.Tests.Segments;

/// <summary>
/// A straightforward SQL translation of a segment query — EXISTS per tag predicate, plain column
/// comparisons guarded against NULL — used as the reference the index must agree with.
/// </summary>
public sealed class ReferenceSql(bool postgres, TagCatalog catalog, IReadOnlyDictionary<string, QueryNode> segments, DateTime now, DbCommand command)
{
    public string Where(QueryNode node) => node switch
    {
        AndNode a => "(" + string.Join(" AND ", a.Operands.Select(Where)) + ")",
        OrNode o => "(" + string.Join(" OR ", o.Operands.Select(Where)) + ")",
        NotNode n => $"(NOT {Where(n.Operand)})",
        TrueNode => "(1 = 1)",
        TagEquals t => Holds(Ids(t.Key)),
        TagNotEquals t => $"(NOT {Holds(Ids(t.Key))})",
        TagIn t => Holds(t.Keys.SelectMany(Ids)),
        TagUnder t => Holds(catalog.TagId(t.Key) is { } id ? catalog.SelfAndDescendants(id) : []),
        CategoryEquals c => catalog.TagId(c.TagKey) is { } id && catalog.Tags[id].CategoryId == catalog.CategoryId(c.CategoryKey) ? Holds([id]) : "(1 = 0)",
        CategoryIsNull c => (c.Negated ? "" : "NOT ") + Holds(catalog.CategoryId(c.CategoryKey) is { } cat ? catalog.TagsOfCategory(cat) : []),
        SegmentRef s => Where(segments[s.Key]),
        FieldCompare f => Compare(f.Field, f.Operator, f.Value),
        FieldBetween b => $"({Compare(b.Field, CompareOperator.GreaterOrEqual, b.Lower)} AND {Compare(b.Field, CompareOperator.LessOrEqual, b.Upper)})",
        FieldIn i => "(" + string.Join(" OR ", i.Values.Select(v => Compare(i.Field, CompareOperator.Equal, v)).DefaultIfEmpty("1 = 0")) + ")",
        FieldIsNull n => $"({Column(n.Field)} IS {(n.Negated ? "NOT " : "")}NULL)",
        FieldContains c => $"({Column(c.Field)} IS NOT NULL AND lower({Column(c.Field)}) LIKE {Param("%" + c.Text.ToLowerInvariant() + "%")})",
        FieldStartsWith s => $"({Column(s.Field)} IS NOT NULL AND lower({Column(s.Field)}) LIKE {Param(s.Prefix.ToLowerInvariant() + "%")})",
        AggregateCompare a => Aggregate(a),
        _ => throw new NotSupportedException(node.GetType().Name),
    };

    private IEnumerable<long> Ids(string key) => catalog.TagId(key) is { } id ? [id] : [];

    private static string Holds(IEnumerable<long> tagIds)
    {
        var list = string.Join(", ", tagIds.Distinct());
        return list.Length == 0 ? "(1 = 0)" : $"EXISTS (SELECT 1 FROM \"TagAssignments\" a WHERE a.\"CustomerId\" = c.\"Id\" AND a.\"TagId\" IN ({list}))";
    }

    private string Compare(QueryField field, CompareOperator op, QueryValue value)
    {
        var symbol = Symbol(op);
        if (field.Name == "age")
        {
            return Age(op, ((NumberValue)value).Value);
        }

        if (field.Name is "type" or "source")
        {
            return $"({Column(field)} IS NOT NULL AND lower({Column(field)}) {symbol} {Param(((StringValue)value).Value.ToLowerInvariant())})";
        }

        if (field.AttributePath is { } path)
        {
            return value is NumberValue n
                ? $"({NumericAttribute(path)} IS NOT NULL AND {NumericAttribute(path)} {symbol} {n.Value.ToString(CultureInfo.InvariantCulture)})"
                : $"({TextAttribute(path)} IS NOT NULL AND {TextAttribute(path)} {symbol} {Param(((StringValue)value).Value)})";
        }

        object literal = value switch
        {
            // SQLite binds decimals as text, which never compares equal to a number.
            NumberValue n => postgres ? n.Value : (double)n.Value,
            StringValue s => s.Value,
            RelativeTimeValue r => r.ResolveAt(now).UtcDateTime,
            _ => throw new NotSupportedException(value.GetType().Name),
        };
        var column = field.Name == "totalSpent" && !postgres ? "CAST(c.\"TotalSpent\" AS REAL)" : Column(field);
        return $"({Column(field)} IS NOT NULL AND {column} {symbol} {Param(literal)})";
    }

    // Windows are (now − window, ∞); daysSince is whole days since the latest activity, missing without one.
    private string Aggregate(AggregateCompare a)
    {
        var of = $"FROM \"Activities\" x WHERE x.\"CustomerId\" = c.\"Id\" AND x.\"Type\" = {Param(a.Aggregate.ActivityType)}";
        var bound = a.Value.ToString(CultureInfo.InvariantCulture);
        switch (a.Aggregate)
        {
            case CountAggregate count:
                var channel = count.Channel is null ? "" : $" AND x.\"Channel\" = {Param(count.Channel)}";
                return $"((SELECT COUNT(*) {of}{channel} AND x.\"OccurredAt\" > {Param(now - count.Window.ToTimeSpan())}) {Symbol(a.Operator)} {bound})";
            case SumAggregate sum:
                var total = postgres ? "COALESCE(SUM(x.\"Amount\"), 0)" : "COALESCE(SUM(CAST(x.\"Amount\" AS REAL)), 0)";
                return $"((SELECT {total} {of} AND x.\"OccurredAt\" > {Param(now - sum.Window.ToTimeSpan())}) {Symbol(a.Operator)} {bound})";
            default:
                var last = $"(SELECT MAX(x.\"OccurredAt\") {of})";
                var whole = (int)a.Value;
                string AtLeast(int days) => $"{last} <= {Param(now.AddDays(-days))}";
                var condition = a.Operator switch
                {
                    CompareOperator.GreaterOrEqual => AtLeast(whole),
                    CompareOperator.Greater => AtLeast(whole + 1),
                    CompareOperator.Less => $"NOT {AtLeast(whole)}",
                    CompareOperator.LessOrEqual => $"NOT {AtLeast(whole + 1)}",
                    CompareOperator.Equal => $"{AtLeast(whole)} AND NOT {AtLeast(whole + 1)}",
                    _ => $"NOT ({AtLeast(whole)} AND NOT {AtLeast(whole + 1)})",
                };
                return $"({last} IS NOT NULL AND {condition})";
        }
    }

    private static string Symbol(CompareOperator op) => op switch
    {
        CompareOperator.Equal => "=",
        CompareOperator.NotEqual => "<>",
        CompareOperator.Less => "<",
        CompareOperator.LessOrEqual => "<=",
        CompareOperator.Greater => ">",
        _ => ">=",
    };

    // Two-valued age, as the index computes it: whole years between the birth date and today.
    private string Age(CompareOperator op, decimal years)
    {
        var today = DateOnly.FromDateTime(now);
        string AtLeast(int n) => $"c.\"BirthDate\" <= {Param(today.AddYears(-n))}";
        var whole = (int)years;
        var condition = op switch
        {
            CompareOperator.GreaterOrEqual => AtLeast(whole),
            CompareOperator.Greater => AtLeast(whole + 1),
            CompareOperator.Less => $"NOT {AtLeast(whole)}",
            CompareOperator.LessOrEqual => $"NOT {AtLeast(whole + 1)}",
            CompareOperator.Equal => $"{AtLeast(whole)} AND NOT {AtLeast(whole + 1)}",
            _ => $"NOT ({AtLeast(whole)} AND NOT {AtLeast(whole + 1)})",
        };
        return $"(c.\"BirthDate\" IS NOT NULL AND {condition})";
    }

    private string NumericAttribute(string path) => postgres
        ? $"CASE WHEN jsonb_typeof(c.\"Attributes\"->'{path}') = 'number' THEN (c.\"Attributes\"->>'{path}')::numeric END"
        : $"CASE WHEN json_type(c.\"Attributes\", '$.{path}') IN ('integer', 'real') THEN json_extract(c.\"Attributes\", '$.{path}') END";

    private string TextAttribute(string path) => postgres
        ? $"CASE WHEN jsonb_typeof(c.\"Attributes\"->'{path}') = 'string' THEN c.\"Attributes\"->>'{path}' END"
        : $"CASE WHEN json_type(c.\"Attributes\", '$.{path}') = 'text' THEN json_extract(c.\"Attributes\", '$.{path}') END";

    private static string Column(QueryField field) => field.AttributePath is { } path
        ? throw new NotSupportedException(path)
        : "c.\"" + char.ToUpperInvariant(field.Name[0]) + field.Name[1..] + "\"";

    private string Param(object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@p" + command.Parameters.Count.ToString(CultureInfo.InvariantCulture);
        parameter.Value = value;
        command.Parameters.Add(parameter);
        return parameter.ParameterName;
    }
}
