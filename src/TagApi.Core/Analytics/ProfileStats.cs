namespace TagApi.Core.Analytics;

/// <summary>Average and median of one measure over a group of customers (null for an empty group).</summary>
public sealed record Measure(double? Avg, double? Median)
{
    public static Measure Of(List<double> values)
    {
        if (values.Count == 0)
        {
            return new Measure(null, null);
        }

        var sorted = values.ToArray();
        Array.Sort(sorted);
        var mid = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        return new Measure(values.Average(), median);
    }
}

/// <summary>A value of a field and how many customers of the group have it.</summary>
public sealed record ValueCount(string Value, long Customers);

/// <summary>One group's behaviour (see <see cref="TagProfile"/>).</summary>
/// <param name="Customers">Customers in the group.</param>
/// <param name="TotalSpent">Lifetime spend.</param>
/// <param name="OrderCount">Lifetime orders.</param>
/// <param name="Activities30d">Activities of any type in the last 30 days.</param>
/// <param name="Activities90d">Activities of any type in the last 90 days.</param>
/// <param name="DaysSincePurchase">Whole days since the latest purchase, over customers who have one.</param>
/// <param name="Top">The most common values of city, source, country, gender and (with <c>customers:pii</c>) ageBand.</param>
public sealed record ProfileStats(
    long Customers, Measure TotalSpent, Measure OrderCount, Measure Activities30d, Measure Activities90d, Measure DaysSincePurchase,
    IReadOnlyDictionary<string, IReadOnlyList<ValueCount>> Top);

/// <summary>A tag's holders beside everyone else.</summary>
public sealed record TagProfile(ProfileStats Holders, ProfileStats Others, DateTime ComputedAt);
