using TagApi.Core.Segments.Query;

namespace TagApi.Core.Segments.Engine;

/// <summary>
/// Behaviour aggregates over a customer's <see cref="ActivityTimeline"/>. A window is the trailing
/// span ending at the query's "now": activities strictly after <c>now − window</c> count.
/// <c>daysSince</c> is whole days since the latest activity of the type (never negative) and is
/// missing — so every comparison is false — for a customer without one.
/// </summary>
internal static class AggregatePredicates
{
    public static Func<CustomerRow, bool> Compile(AggregateCompare compare, DateTime now, ActivityVocabulary vocabulary)
    {
        var type = vocabulary.FindType(compare.Aggregate.ActivityType);
        var op = compare.Operator;
        var bound = compare.Value;
        switch (compare.Aggregate)
        {
            case CountAggregate count:
                var from = (now - count.Window.ToTimeSpan()).Ticks;
                var channel = Channel(count, vocabulary);
                var noneHolds = Holds(0, op, bound);
                return type is { } t
                    ? row => row.NewestActivityTicks > from ? Holds(row.Activities.CountAfter(from, t, channel), op, bound) : noneHolds
                    : Constant(noneHolds);
            case SumAggregate sum:
                var since = (now - sum.Window.ToTimeSpan()).Ticks;
                var zeroHolds = Holds(0, op, bound);
                if (type is not { } s)
                {
                    return Constant(zeroHolds);
                }

                // Sums are integers of amount units; a bound that is one too compares without decimal arithmetic per customer.
                var scaled = bound * ActivityPoint.AmountUnits;
                if (scaled == decimal.Truncate(scaled) && Math.Abs(scaled) < long.MaxValue / 2)
                {
                    var units = (long)scaled;
                    return row => row.NewestActivityTicks > since ? FieldAccessors.Holds(row.Activities.SumAfter(since, s).CompareTo(units), op) : zeroHolds;
                }

                return row => row.NewestActivityTicks > since ? Holds((decimal)row.Activities.SumAfter(since, s) / ActivityPoint.AmountUnits, op, bound) : zeroHolds;
            case DaysSinceAggregate:
                var nowTicks = now.Ticks;
                return type is { } d
                    ? row => row.Activities.LatestTicks(d) is { } last && Holds(WholeDays(nowTicks - last), op, bound)
                    : Constant(false);
            default:
                throw new InvalidOperationException($"Unknown aggregate {compare.Aggregate.GetType().Name}.");
        }
    }

    /// <summary>
    /// For a window aggregate that no customer without activity in the window can satisfy (such as
    /// <c>count(interaction, 30d) &gt;= 3</c>), the window's start in ticks; otherwise null.
    /// </summary>
    public static long? NeedsActivityAfter(AggregateCompare compare, DateTime now) => compare.Aggregate switch
    {
        CountAggregate c when !Holds(0, compare.Operator, compare.Value) => (now - c.Window.ToTimeSpan()).Ticks,
        SumAggregate s when !Holds(0, compare.Operator, compare.Value) => (now - s.Window.ToTimeSpan()).Ticks,
        _ => null,
    };

    /// <summary>The aggregate's value for one customer, as a predicate sees it (null: daysSince without an activity of the type).</summary>
    public static decimal? Value(CustomerRow row, ActivityAggregate aggregate, ActivityVocabulary vocabulary, DateTime now)
    {
        var type = vocabulary.FindType(aggregate.ActivityType);
        switch (aggregate)
        {
            case CountAggregate c:
                return type is { } t ? row.Activities.CountAfter((now - c.Window.ToTimeSpan()).Ticks, t, Channel(c, vocabulary)) : 0;
            case SumAggregate s:
                return type is { } u ? (decimal)row.Activities.SumAfter((now - s.Window.ToTimeSpan()).Ticks, u) / ActivityPoint.AmountUnits : 0;
            default:
                return type is { } d && row.Activities.LatestTicks(d) is { } last ? WholeDays(now.Ticks - last) : null;
        }
    }

    // An unknown channel matches nothing: no interned channel has the largest number.
    private static ushort? Channel(CountAggregate count, ActivityVocabulary vocabulary) =>
        count.Channel is null ? null : vocabulary.FindChannel(count.Channel) ?? ushort.MaxValue;

    /// <summary>Whole days in a span of ticks; an activity dated slightly ahead of the clock counts as today.</summary>
    public static decimal WholeDays(long ticks) => Math.Max(0, ticks / TimeSpan.TicksPerDay);

    private static Func<CustomerRow, bool> Constant(bool value) => _ => value;

    private static bool Holds(decimal actual, CompareOperator op, decimal bound) => FieldAccessors.Holds(actual.CompareTo(bound), op);
}
