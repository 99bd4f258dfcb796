using System.Globalization;
using System.Text;

namespace TagApi.Core.Segments.Query;

/// <summary>
/// Renders the canonical text form of a query: normalised first (see
/// <see cref="SegmentQueryNormalizer"/>), connectives and operators upper-case
/// (<c>AND OR NOT IN UNDER BETWEEN IS NULL CONTAINS STARTS WITH</c>), names and literals as
/// PRODUCT.md writes them (<c>tag</c>, <c>count(...)</c>, <c>today</c>, <c>true</c>), strings
/// single-quoted with <c>''</c> for a quote, and only the parentheses precedence needs
/// (NOT binds tighter than AND, AND tighter than OR). Parsing the result gives back the
/// normalised query.
/// </summary>
public static class SegmentQueryFormatter
{
    /// <summary>The canonical text of <paramref name="query"/>.</summary>
    public static string Format(QueryNode query)
    {
        var text = new StringBuilder();
        Write(text, SegmentQueryNormalizer.Normalize(query), Precedence.Or);
        return text.ToString();
    }

    /// <summary>A literal as written in a query: <c>3</c>, <c>'it''s'</c>, <c>2026-01-31</c>, <c>-30d</c>, <c>today</c>, <c>true</c>.</summary>
    public static string FormatValue(QueryValue value) => value switch
    {
        NumberValue n => FormatNumber(n.Value),
        StringValue s => Quote(s.Value),
        DateValue d => d.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        BooleanValue b => b.Value ? "true" : "false",
        RelativeTimeValue r => r.Text,
        TodayValue => "today",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value.GetType().Name, "Unknown query value."),
    };

    /// <summary>An aggregate as written in a query, e.g. <c>count(interaction, channel = 'email', 30d)</c>.</summary>
    public static string FormatAggregate(ActivityAggregate aggregate) => aggregate switch
    {
        CountAggregate { Channel: null } c => $"count({ActivityType(c.ActivityType)}, {c.Window})",
        CountAggregate c => $"count({ActivityType(c.ActivityType)}, channel = {Quote(c.Channel)}, {c.Window})",
        SumAggregate s => $"sum({ActivityType(s.ActivityType)}.amount, {s.Window})",
        DaysSinceAggregate d => $"daysSince({ActivityType(d.ActivityType)})",
        _ => throw new ArgumentOutOfRangeException(nameof(aggregate), aggregate.GetType().Name, "Unknown aggregate."),
    };

    /// <summary>Trailing zeros dropped (<c>12.50</c> is <c>12.5</c>), invariant culture.</summary>
    internal static string FormatNumber(decimal value) =>
        value.ToString("0.############################", CultureInfo.InvariantCulture);

    internal static string Quote(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    private enum Precedence
    {
        Or,
        And,
        Not,
    }

    private static void Write(StringBuilder text, QueryNode node, Precedence context)
    {
        switch (node)
        {
            case OrNode or:
                WriteJoined(text, or.Operands, " OR ", Precedence.Or, context);
                break;
            case AndNode and:
                WriteJoined(text, and.Operands, " AND ", Precedence.And, context);
                break;
            case NotNode not:
                text.Append("NOT ");
                Write(text, not.Operand, Precedence.Not);
                break;
            default:
                text.Append(FormatPredicate(node));
                break;
        }
    }

    private static void WriteJoined(
        StringBuilder text, IReadOnlyList<QueryNode> operands, string separator, Precedence own, Precedence context)
    {
        var parenthesize = context > own;
        text.Append(parenthesize ? "(" : "");
        for (var i = 0; i < operands.Count; i++)
        {
            text.Append(i > 0 ? separator : "");
            Write(text, operands[i], own);
        }

        text.Append(parenthesize ? ")" : "");
    }

    private static string FormatPredicate(QueryNode node) => node switch
    {
        TrueNode => "true",
        TagEquals t => $"tag = {Quote(t.Key)}",
        TagNotEquals t => $"tag != {Quote(t.Key)}",
        TagIn t => $"tag IN ({string.Join(", ", t.Keys.Select(Quote))})",
        TagUnder t => $"tag UNDER {Quote(t.Key)}",
        CategoryEquals c => $"category.{c.CategoryKey} = {Quote(c.TagKey)}",
        CategoryIsNull c => $"category.{c.CategoryKey} IS {(c.Negated ? "NOT " : "")}NULL",
        SegmentRef s => $"segment = {Quote(s.Key)}",
        FieldCompare f => $"{f.Field} {f.Operator.ToSymbol()} {FormatValue(f.Value)}",
        FieldBetween f => $"{f.Field} BETWEEN {FormatValue(f.Lower)} AND {FormatValue(f.Upper)}",
        FieldIn f => $"{f.Field} IN ({string.Join(", ", f.Values.Select(FormatValue))})",
        FieldIsNull f => $"{f.Field} IS {(f.Negated ? "NOT " : "")}NULL",
        FieldContains f => $"{f.Field} CONTAINS {Quote(f.Text)}",
        FieldStartsWith f => $"{f.Field} STARTS WITH {Quote(f.Prefix)}",
        AggregateCompare a => $"{FormatAggregate(a.Aggregate)} {a.Operator.ToSymbol()} {FormatNumber(a.Value)}",
        _ => throw new ArgumentOutOfRangeException(nameof(node), node.GetType().Name, "Unknown query node."),
    };

    /// <summary>Activity types that are not plain identifiers (<c>page-view</c>) are quoted.</summary>
    private static string ActivityType(string type) => QueryField.IsIdentifier(type) ? type : Quote(type);
}
