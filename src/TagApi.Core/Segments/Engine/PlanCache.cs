using System.Collections.Concurrent;
using TagApi.Core.Segments.Index;
using TagApi.Core.Segments.Query;

namespace TagApi.Core.Segments.Engine;

/// <summary>
/// Compiled plans of one snapshot, by query: counting a saved segment again, or fetching its next
/// page, skips compiling the query and its plan when nothing it reads can have changed. A query
/// that reads the clock (relative dates, <c>today</c>, age, behaviour windows, customer value fields) or another saved
/// segment (whose text lives in the database, not in the index) is compiled at every call.
/// </summary>
internal sealed class PlanCache
{
    private const int Capacity = 256;
    private readonly ConcurrentDictionary<QueryNode, BitmapQuery> _plans = new();

    public BitmapQuery GetOrCompile(QueryNode query, Func<QueryNode, BitmapQuery> compile)
    {
        if (!IsTimeless(query))
        {
            return compile(query);
        }

        if (_plans.TryGetValue(query, out var plan))
        {
            return plan;
        }

        plan = compile(query);
        if (_plans.Count >= Capacity)
        {
            _plans.Clear();
        }

        _plans[query] = plan;
        return plan;
    }

    private static bool IsTimeless(QueryNode query) => QueryWalker.Predicates(query).All(predicate => predicate switch
    {
        SegmentRef or AggregateCompare => false,
        _ when Value.ValueFields.Reads(predicate) => false,
        FieldCompare c => c.Field.Name != "age" && IsFixed(c.Value),
        FieldBetween b => b.Field.Name != "age" && IsFixed(b.Lower) && IsFixed(b.Upper),
        FieldIn i => i.Field.Name != "age" && i.Values.All(IsFixed),
        _ => true,
    });

    private static bool IsFixed(QueryValue value) => value is not (RelativeTimeValue or TodayValue);
}
