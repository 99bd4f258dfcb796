namespace TagApi.Core.Segments.Query;

/// <summary><c>FIELD OP VALUE</c>, e.g. <c>city = 'Shanghai'</c> or <c>lastOrderAt &gt; -30d</c>.</summary>
public sealed record FieldCompare(QueryField Field, CompareOperator Operator, QueryValue Value) : QueryNode;

/// <summary><c>FIELD BETWEEN low AND high</c>, both bounds inclusive.</summary>
public sealed record FieldBetween(QueryField Field, QueryValue Lower, QueryValue Upper) : QueryNode;

/// <summary><c>FIELD IN (v1, v2, ...)</c>, one or more values.</summary>
public sealed record FieldIn(QueryField Field, IReadOnlyList<QueryValue> Values) : QueryNode
{
    /// <summary>The values, in the order written.</summary>
    public IReadOnlyList<QueryValue> Values { get; } = EquatableList<QueryValue>.NonEmpty(Values, nameof(Values));
}

/// <summary><c>FIELD IS NULL</c> or, when <paramref name="Negated"/>, <c>FIELD IS NOT NULL</c>.</summary>
public sealed record FieldIsNull(QueryField Field, bool Negated) : QueryNode;

/// <summary><c>FIELD CONTAINS 'text'</c>.</summary>
public sealed record FieldContains(QueryField Field, string Text) : QueryNode;

/// <summary><c>FIELD STARTS WITH 'prefix'</c>.</summary>
public sealed record FieldStartsWith(QueryField Field, string Prefix) : QueryNode;

/// <summary>What the field predicates have in common.</summary>
public static class FieldNodes
{
    /// <summary>The field a field predicate tests; null for any other node.</summary>
    public static QueryField? FieldOf(QueryNode node) => node switch
    {
        FieldCompare c => c.Field,
        FieldBetween b => b.Field,
        FieldIn i => i.Field,
        FieldIsNull n => n.Field,
        FieldContains c => c.Field,
        FieldStartsWith s => s.Field,
        _ => null,
    };
}
