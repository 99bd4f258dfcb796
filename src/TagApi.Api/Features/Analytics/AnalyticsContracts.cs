using TagApi.Api.Features.Tags;
using TagApi.Core.Analytics;
using TagApi.Core.Common;
using TagApi.Core.Tags;

namespace TagApi.Api.Features.Analytics;

/// <summary>A tag in brief, as analytics names it.</summary>
/// <param name="Id">Tag id (<c>tag_…</c>).</param>
/// <param name="Key">Tag key.</param>
/// <param name="Name">Tag name.</param>
/// <param name="Category">Category key.</param>
public sealed record AnalyticsTagRef(string Id, string Key, string Name, string Category)
{
    public static AnalyticsTagRef From(Tag t) => new(PublicId.Encode(IdPrefixes.Tag, t.Id), t.Key, t.Name, t.Category!.Key);
}

/// <summary>How the tenant's tags are distributed.</summary>
/// <param name="TotalCustomers">All customers of the tenant.</param>
/// <param name="Tags">Each tag (of the category asked for, or all), by key.</param>
/// <param name="Categories">Each category's coverage.</param>
/// <param name="ComputedAt">When the figures were computed (UTC).</param>
public sealed record TagAnalyticsResponse(long TotalCustomers, IReadOnlyList<TagDistributionResponse> Tags, IReadOnlyList<CategoryCoverageResponse> Categories, DateTime ComputedAt)
{
    public static TagAnalyticsResponse From(TagDistribution d) => new(
        d.TotalCustomers,
        d.Tags.Select(t => new TagDistributionResponse(AnalyticsTagRef.From(t.Tag), t.Holders, t.Share, t.ByRule, t.ByHand, t.Added30d, t.Removed30d)).ToList(),
        d.Categories.Select(c => new CategoryCoverageResponse(
            new TagCategoryRef(PublicId.Encode(IdPrefixes.Category, c.Category.Id), c.Category.Key, c.Category.Name, c.Category.Exclusive),
            c.Covered, c.Uncovered, c.Split?.Select(s => new TagHoldersResponse(s.Tag.Key, s.Holders)).ToList())).ToList(),
        d.ComputedAt);
}

/// <summary>One tag's holders.</summary>
/// <param name="Tag">The tag.</param>
/// <param name="Holders">Customers holding it.</param>
/// <param name="Share">Holders as a fraction (0–1) of all customers.</param>
/// <param name="ByRule">Holders whose assignment a tagging rule made.</param>
/// <param name="ByHand">Holders assigned by hand or by import.</param>
/// <param name="Added30d">Assignments of the tag in the last 30 days.</param>
/// <param name="Removed30d">Removals and expiries of the tag in the last 30 days.</param>
public sealed record TagDistributionResponse(AnalyticsTagRef Tag, long Holders, double Share, long ByRule, long ByHand, long Added30d, long Removed30d);

/// <summary>A category's reach.</summary>
/// <param name="Category">The category.</param>
/// <param name="Covered">Customers holding at least one of its tags.</param>
/// <param name="Uncovered">Customers holding none of them.</param>
/// <param name="Split">For an exclusive category, holders per tag; null otherwise.</param>
public sealed record CategoryCoverageResponse(TagCategoryRef Category, long Covered, long Uncovered, IReadOnlyList<TagHoldersResponse>? Split);

/// <summary>A tag's holders within an exclusive category's split.</summary>
/// <param name="Tag">Tag key.</param>
/// <param name="Holders">Customers holding it.</param>
public sealed record TagHoldersResponse(string Tag, long Holders);

/// <summary>An N×N overlap matrix; rows and columns follow <c>tags</c> (or <c>segments</c>).</summary>
/// <param name="Tags">Tag keys, in the order asked; null for a segment matrix.</param>
/// <param name="Segments">Segment keys, in the order asked; null for a tag matrix.</param>
/// <param name="TotalCustomers">All customers, the base of lift.</param>
/// <param name="Counts">Customers in both; the diagonal is each one's own size.</param>
/// <param name="Jaccard">Customers in both divided by customers in either (0 when both are empty).</param>
/// <param name="Lift">Customers in both divided by what independence predicts, |A∩B|·N / (|A|·|B|) (0 when either is empty).</param>
/// <param name="ComputedAt">When it was computed (UTC).</param>
public sealed record TagOverlapResponse(
    IReadOnlyList<string>? Tags, IReadOnlyList<string>? Segments, long TotalCustomers, long[][] Counts, double[][] Jaccard, double[][] Lift, DateTime ComputedAt)
{
    public static TagOverlapResponse From(OverlapMatrix m, bool segments) =>
        new(segments ? null : m.Keys, segments ? m.Keys : null, m.TotalCustomers, m.Counts, m.Jaccard, m.Lift, m.ComputedAt);
}

/// <summary>Holders over time.</summary>
/// <param name="Interval"><c>day</c>, <c>week</c> (starting Monday) or <c>month</c>, in UTC.</param>
/// <param name="Points">One per interval, oldest first.</param>
/// <param name="ComputedAt">When it was computed (UTC).</param>
public sealed record TrendResponse(TrendInterval Interval, IReadOnlyList<TrendPointResponse> Points, DateTime ComputedAt)
{
    public static TrendResponse From(Trend t) =>
        new(t.Interval, t.Points.Select(p => new TrendPointResponse(p.Start, p.Added, p.Removed, p.Net, p.Holders)).ToList(), t.ComputedAt);
}

/// <summary>One interval of a trend.</summary>
/// <param name="Start">The interval's start (UTC).</param>
/// <param name="Added">Customers who gained the tag (entered the segment) within it.</param>
/// <param name="Removed">Customers who lost it (removed or expired; left the segment).</param>
/// <param name="Net">Added minus removed.</param>
/// <param name="Holders">Holders (members) at the interval's end.</param>
public sealed record TrendPointResponse(DateTime Start, long Added, long Removed, long Net, long Holders);
