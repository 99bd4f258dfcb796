using TagApi.Core.TagCategories;
using TagApi.Core.Tags;

namespace TagApi.Core.Analytics;

/// <summary>One tag's place in the distribution.</summary>
/// <param name="Tag">The tag, with its category.</param>
/// <param name="Holders">Customers holding it.</param>
/// <param name="Share">Holders as a fraction of all customers (0 when there are none).</param>
/// <param name="ByRule">Holders whose assignment a tagging rule made.</param>
/// <param name="ByHand">Holders assigned by hand or by import.</param>
/// <param name="Added30d">Assignments of the tag in the last 30 days (ledger lines).</param>
/// <param name="Removed30d">Removals and expiries of the tag in the last 30 days (ledger lines).</param>
public sealed record TagDistributionRow(Tag Tag, long Holders, double Share, long ByRule, long ByHand, long Added30d, long Removed30d);

/// <summary>How many customers a category reaches.</summary>
/// <param name="Category">The category.</param>
/// <param name="Covered">Customers holding at least one of its tags.</param>
/// <param name="Uncovered">Customers holding none of them.</param>
/// <param name="Split">For an exclusive category, holders per tag (each customer is in at most one); null otherwise.</param>
public sealed record CategoryCoverage(TagCategory Category, long Covered, long Uncovered, IReadOnlyList<(Tag Tag, long Holders)>? Split);

/// <summary>The distribution of a tenant's tags.</summary>
public sealed record TagDistribution(long TotalCustomers, IReadOnlyList<TagDistributionRow> Tags, IReadOnlyList<CategoryCoverage> Categories, DateTime ComputedAt);

/// <summary>An N×N overlap matrix over tags or segments (by key, in the order asked).</summary>
/// <param name="Keys">Row and column names.</param>
/// <param name="TotalCustomers">All customers, the base of lift.</param>
/// <param name="Counts">Customers in both; the diagonal is each set's size.</param>
/// <param name="Jaccard">|A∩B| / |A∪B|, 0 when both are empty.</param>
/// <param name="Lift">|A∩B|·N / (|A|·|B|), 0 when either is empty.</param>
/// <param name="ComputedAt">When it was computed.</param>
public sealed record OverlapMatrix(
    IReadOnlyList<string> Keys, long TotalCustomers, long[][] Counts, double[][] Jaccard, double[][] Lift, DateTime ComputedAt);

/// <summary>One interval of a trend.</summary>
/// <param name="Start">The interval's start (UTC, inclusive).</param>
/// <param name="Added">Customers who gained the tag (entered the segment) within it.</param>
/// <param name="Removed">Customers who lost it (removed or expired; left the segment).</param>
/// <param name="Net">Added minus removed.</param>
/// <param name="Holders">Holders (members) at the interval's end.</param>
public sealed record TrendPoint(DateTime Start, long Added, long Removed, long Net, long Holders);

/// <summary>A trend series.</summary>
public sealed record Trend(TrendInterval Interval, IReadOnlyList<TrendPoint> Points, DateTime ComputedAt);

/// <summary>The width of a trend's intervals (UTC days; weeks start on Monday).</summary>
public enum TrendInterval
{
    Day,
    Week,
    Month,
}
