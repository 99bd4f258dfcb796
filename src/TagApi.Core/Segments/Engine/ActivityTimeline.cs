namespace TagApi.Core.Segments.Engine;

/// <summary>
/// One activity as the index keeps it: when, which (for de-duplication), how much (in
/// ten-thousandths, so sums are exact integers), and its interned type and channel.
/// </summary>
public readonly record struct ActivityPoint(long Ticks, long Id, long Amount, ushort Type, ushort Channel)
{
    /// <summary>Amounts are held as integers of this many units per 1.</summary>
    public const long AmountUnits = 10_000;

    public static long ToUnits(decimal? amount) => amount is { } a ? (long)decimal.Round(a * AmountUnits) : 0;
}

/// <summary>
/// A customer's activities in time order, immutable. The behaviour aggregates of the query language
/// (<c>count</c>, <c>sum</c> over a trailing window, <c>daysSince</c>) read it from the newest end, so
/// a query costs the customer's recent activity, never a scan of the activity table; days rolling
/// over need no maintenance because windows are measured from the query's own "now".
/// </summary>
public sealed class ActivityTimeline
{
    public static readonly ActivityTimeline Empty = new([]);

    private readonly ActivityPoint[] _points;

    private ActivityTimeline(ActivityPoint[] points) => _points = points;

    public int Count => _points.Length;

    /// <summary>The activity types present.</summary>
    public IEnumerable<ushort> Types() => _points.Select(p => p.Type).Distinct();

    /// <summary>Ticks of the newest activity; 0 for an empty timeline.</summary>
    public long NewestTicks => _points.Length == 0 ? 0 : _points[^1].Ticks;

    /// <summary>The heap this timeline holds: itself and its array (the shared empty timeline holds none of its own).</summary>
    public long MemoryBytes => _points.Length == 0 ? 0 : 24 + 24 + (_points.Length * 32L);

    /// <summary>Every activity, oldest first (customer value reads a customer's whole purchase history).</summary>
    public ReadOnlySpan<ActivityPoint> Points => _points;

    /// <summary>Builds a timeline from points in any order; repeated ids count once.</summary>
    public static ActivityTimeline From(IEnumerable<ActivityPoint> points)
    {
        var sorted = points.DistinctBy(p => p.Id).ToArray();
        if (sorted.Length == 0)
        {
            return Empty;
        }

        Array.Sort(sorted, Order);
        return new ActivityTimeline(sorted);
    }

    /// <summary>A timeline read back from a snapshot file: points already in order and distinct.</summary>
    internal static ActivityTimeline FromOrdered(ActivityPoint[] points) => points.Length == 0 ? Empty : new ActivityTimeline(points);

    /// <summary>Activities of a type (and channel, when given) after <paramref name="fromTicks"/>.</summary>
    public int CountAfter(long fromTicks, ushort type, ushort? channel)
    {
        var count = 0;
        for (var i = _points.Length - 1; i >= 0 && _points[i].Ticks > fromTicks; i--)
        {
            ref readonly var p = ref _points[i];
            if (p.Type == type && (channel is null || p.Channel == channel))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>Activities of any type after <paramref name="fromTicks"/>.</summary>
    public int CountAllAfter(long fromTicks)
    {
        var count = 0;
        for (var i = _points.Length - 1; i >= 0 && _points[i].Ticks > fromTicks; i--)
        {
            count++;
        }

        return count;
    }

    /// <summary>Summed amount (in <see cref="ActivityPoint.AmountUnits"/>) of a type after <paramref name="fromTicks"/>.</summary>
    public long SumAfter(long fromTicks, ushort type)
    {
        long sum = 0;
        for (var i = _points.Length - 1; i >= 0 && _points[i].Ticks > fromTicks; i--)
        {
            if (_points[i].Type == type)
            {
                sum += _points[i].Amount;
            }
        }

        return sum;
    }

    /// <summary>When the latest activity of a type happened, if any.</summary>
    public long? LatestTicks(ushort type)
    {
        for (var i = _points.Length - 1; i >= 0; i--)
        {
            if (_points[i].Type == type)
            {
                return _points[i].Ticks;
            }
        }

        return null;
    }

    private static int Order(ActivityPoint a, ActivityPoint b) => a.Ticks != b.Ticks ? a.Ticks.CompareTo(b.Ticks) : a.Id.CompareTo(b.Id);
}
