namespace TagApi.Core.Segments.Query;

/// <summary>A number computed from a customer's activity stream.</summary>
/// <param name="ActivityType">The activity type read: <c>purchase</c>, <c>interaction</c>, <c>visit</c> or a custom type, lower-cased.</param>
public abstract record ActivityAggregate(string ActivityType)
{
    /// <summary>The aggregate as written in canonical query text.</summary>
    public sealed override string ToString() => SegmentQueryFormatter.FormatAggregate(this);
}

/// <summary>
/// <c>count(interaction, 30d)</c> or <c>count(interaction, channel = 'email', 30d)</c>:
/// activities of a type (and channel) in the trailing window.
/// </summary>
public sealed record CountAggregate(string ActivityType, string? Channel, QueryDuration Window) : ActivityAggregate(ActivityType);

/// <summary><c>sum(purchase.amount, 365d)</c>: the summed amount of activities of a type in the trailing window.</summary>
public sealed record SumAggregate(string ActivityType, QueryDuration Window) : ActivityAggregate(ActivityType);

/// <summary><c>daysSince(purchase)</c>: whole days since the latest activity of a type (null when there is none).</summary>
public sealed record DaysSinceAggregate(string ActivityType) : ActivityAggregate(ActivityType);

/// <summary><c>AGG OP NUMBER</c>, e.g. <c>count(interaction, 30d) &gt;= 3</c>.</summary>
public sealed record AggregateCompare(ActivityAggregate Aggregate, CompareOperator Operator, decimal Value) : QueryNode;
