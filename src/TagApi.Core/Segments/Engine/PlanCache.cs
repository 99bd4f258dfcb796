using System.Collections.Concurrent;
using TagApi.Core.Segments.Index;
using TagApi.Core.Segments.Query;
using TagApi.Core.Value;

namespace TagApi.Core.Segments.Engine;

/// <summary>
/// Compiled plans of one snapshot, by query: counting a saved segment again, or fetching its next
/// page, skips compiling the query and its plan when nothing it reads can have changed. A query
/// that reads the clock (relative dates, <c>today</c>, age, behaviour windows, the clock-bound customer value fields)
/// or another saved segment (whose text lives in the database, not in the index) is compiled at every call. A query on
/// the predictions (<c>pAlive</c> …) is kept per value model and day, the two things besides the snapshot they read.
/// </summary>
internal sealed class PlanCache
{
    private const int Capacity = 256;
    private readonly ConcurrentDictionary<QueryNode, BitmapQuery> _plans = new();
    private readonly ConcurrentDictionary<(QueryNode Query, ValueStamp Stamp), BitmapQuery> _valuePlans = new();

    /// <param name="query">The bound query.</param>
    /// <param name="compile">Compiles it against the snapshot.</param>
    /// <param name="valueStamp">The value model and day a compilation now would use; asked only for queries on predictions.</param>
    public BitmapQuery GetOrCompile(QueryNode query, Func<QueryNode, BitmapQuery> compile, Func<ValueStamp>? valueStamp = null)
    {
        switch (Kind(query))
        {
            case Reads.IndexOnly:
                return Cached(_plans, query, query, compile);
            case Reads.Predictions when valueStamp is not null:
                return Cached(_valuePlans, (query, valueStamp()), query, compile);
            default:
                return compile(query);
        }
    }

    private static BitmapQuery Cached<TKey>(ConcurrentDictionary<TKey, BitmapQuery> plans, TKey key, QueryNode query, Func<QueryNode, BitmapQuery> compile)
        where TKey : notnull
    {
        if (plans.TryGetValue(key, out var plan))
        {
            return plan;
        }

        plan = compile(query);
        if (plans.Count >= Capacity)
        {
            plans.Clear();
        }

        plans[key] = plan;
        return plan;
    }

    private enum Reads
    {
        IndexOnly,
        Predictions,
        Clock,
    }

    private static Reads Kind(QueryNode query) => QueryWalker.Predicates(query).Select(predicate => predicate switch
    {
        SegmentRef or AggregateCompare => Reads.Clock,
        _ when ValueFields.Reads(predicate) => FieldNodes.FieldOf(predicate) is { } field && PredictedValueColumns.Holds(field) ? Reads.Predictions : Reads.Clock,
        FieldCompare c => c.Field.Name != "age" && IsFixed(c.Value) ? Reads.IndexOnly : Reads.Clock,
        FieldBetween b => b.Field.Name != "age" && IsFixed(b.Lower) && IsFixed(b.Upper) ? Reads.IndexOnly : Reads.Clock,
        FieldIn i => i.Field.Name != "age" && i.Values.All(IsFixed) ? Reads.IndexOnly : Reads.Clock,
        _ => Reads.IndexOnly,
    }).DefaultIfEmpty(Reads.IndexOnly).Max();

    private static bool IsFixed(QueryValue value) => value is not (RelativeTimeValue or TodayValue);
}

/// <summary>What a plan on the predictions was compiled with besides the snapshot: the tenant's value model (by identity) and the UTC day.</summary>
internal readonly struct ValueStamp(TenantValueModel model, DateTime now) : IEquatable<ValueStamp>
{
    private readonly TenantValueModel _model = model;
    private readonly int _day = PurchaseSummary.DayOf(now.Ticks);

    public bool Equals(ValueStamp other) => ReferenceEquals(_model, other._model) && _day == other._day;

    public override bool Equals(object? obj) => obj is ValueStamp other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(_model), _day);
}
