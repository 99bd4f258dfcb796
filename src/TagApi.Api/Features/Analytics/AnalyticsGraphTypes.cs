using GraphQL.Types;
using TagApi.Api.Features.Tags;

namespace TagApi.Api.Features.Analytics;

/// <summary>GraphQL mirror of <see cref="TagAnalyticsResponse"/>.</summary>
public sealed class TagAnalyticsGraphType : ObjectGraphType<TagAnalyticsResponse>
{
    public TagAnalyticsGraphType()
    {
        Name = "TagAnalytics";
        Description = "How the tenant's tags are distributed, exact, from the in-memory index.";
        Field(x => x.TotalCustomers).Description("All customers of the tenant.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TagDistributionGraphType>>>>("tags").Description("Each tag, by key.").Resolve(c => c.Source.Tags);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CategoryCoverageGraphType>>>>("categories").Description("Each category's coverage.").Resolve(c => c.Source.Categories);
        Field(x => x.ComputedAt).Description("When the figures were computed (UTC).");
    }
}

/// <summary>GraphQL mirror of <see cref="TagDistributionResponse"/>.</summary>
public sealed class TagDistributionGraphType : ObjectGraphType<TagDistributionResponse>
{
    public TagDistributionGraphType()
    {
        Name = "TagDistribution";
        Description = "One tag's holders.";
        Field<NonNullGraphType<AnalyticsTagGraphType>>("tag").Description("The tag.").Resolve(c => c.Source.Tag);
        Field(x => x.Holders).Description("Customers holding it.");
        Field(x => x.Share).Description("Holders as a fraction (0–1) of all customers.");
        Field(x => x.ByRule).Description("Holders whose assignment a tagging rule made.");
        Field(x => x.ByHand).Description("Holders assigned by hand or by import.");
        Field(x => x.Added30d).Description("Assignments of the tag in the last 30 days.");
        Field(x => x.Removed30d).Description("Removals and expiries of the tag in the last 30 days.");
    }
}

/// <summary>GraphQL mirror of <see cref="AnalyticsTagRef"/>.</summary>
public sealed class AnalyticsTagGraphType : ObjectGraphType<AnalyticsTagRef>
{
    public AnalyticsTagGraphType()
    {
        Name = "AnalyticsTag";
        Description = "A tag in brief, as analytics names it.";
        Field<NonNullGraphType<IdGraphType>>("id").Description("Tag id (tag_…).").Resolve(c => c.Source.Id);
        Field(x => x.Key).Description("Tag key.");
        Field(x => x.Name).Description("Tag name.");
        Field(x => x.Category).Description("Category key.");
    }
}

/// <summary>GraphQL mirror of <see cref="CategoryCoverageResponse"/>.</summary>
public sealed class CategoryCoverageGraphType : ObjectGraphType<CategoryCoverageResponse>
{
    public CategoryCoverageGraphType()
    {
        Name = "CategoryCoverage";
        Description = "How many customers a category reaches.";
        Field<NonNullGraphType<AnalyticsCategoryGraphType>>("category").Description("The category.").Resolve(c => c.Source.Category);
        Field(x => x.Covered).Description("Customers holding at least one of its tags.");
        Field(x => x.Uncovered).Description("Customers holding none of them.");
        Field<ListGraphType<NonNullGraphType<TagHoldersGraphType>>>("split").Description("For an exclusive category, holders per tag; null otherwise.").Resolve(c => c.Source.Split);
    }
}

/// <summary>GraphQL mirror of <see cref="TagCategoryRef"/> in analytics answers.</summary>
public sealed class AnalyticsCategoryGraphType : ObjectGraphType<TagCategoryRef>
{
    public AnalyticsCategoryGraphType()
    {
        Name = "AnalyticsCategory";
        Description = "A tag category in brief.";
        Field<NonNullGraphType<IdGraphType>>("id").Description("Category id (cat_…).").Resolve(c => c.Source.Id);
        Field(x => x.Key).Description("Category key.");
        Field(x => x.Name).Description("Category name.");
        Field(x => x.Exclusive).Description("Whether a customer holds at most one tag of it.");
    }
}

/// <summary>GraphQL mirror of <see cref="TagHoldersResponse"/>.</summary>
public sealed class TagHoldersGraphType : ObjectGraphType<TagHoldersResponse>
{
    public TagHoldersGraphType()
    {
        Name = "TagHolders";
        Description = "A tag's holders within an exclusive category's split.";
        Field(x => x.Tag).Description("Tag key.");
        Field(x => x.Holders).Description("Customers holding it.");
    }
}

/// <summary>GraphQL mirror of <see cref="TagOverlapResponse"/>.</summary>
public sealed class TagOverlapGraphType : ObjectGraphType<TagOverlapResponse>
{
    public TagOverlapGraphType()
    {
        Name = "TagOverlap";
        Description = "An exact N×N overlap matrix; rows and columns follow tags (or segments).";
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("tags").Description("Tag keys, in the order asked; null for a segment matrix.").Resolve(c => c.Source.Tags);
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("segments").Description("Segment keys, in the order asked; null for a tag matrix.").Resolve(c => c.Source.Segments);
        Field(x => x.TotalCustomers).Description("All customers, the base of lift.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ListGraphType<NonNullGraphType<LongGraphType>>>>>>("counts")
            .Description("Customers in both; the diagonal is each one's own size.").Resolve(c => c.Source.Counts);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ListGraphType<NonNullGraphType<FloatGraphType>>>>>>("jaccard")
            .Description("Customers in both divided by customers in either (0 when both are empty).").Resolve(c => c.Source.Jaccard);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ListGraphType<NonNullGraphType<FloatGraphType>>>>>>("lift")
            .Description("|A∩B|·N / (|A|·|B|): how much more often they go together than by chance (0 when either is empty).").Resolve(c => c.Source.Lift);
        Field(x => x.ComputedAt).Description("When it was computed (UTC).");
    }
}

/// <summary>GraphQL mirror of <see cref="TrendResponse"/>.</summary>
public sealed class TrendGraphType : ObjectGraphType<TrendResponse>
{
    public TrendGraphType()
    {
        Name = "Trend";
        Description = "Holders (members) over time, from the tag ledger or the segment's entries and exits.";
        Field<NonNullGraphType<StringGraphType>>("interval").Description("day, week (from Monday) or month, in UTC.")
            .Resolve(c => c.Source.Interval.ToString().ToLowerInvariant());
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TrendPointGraphType>>>>("points").Description("One per interval, oldest first.").Resolve(c => c.Source.Points);
        Field(x => x.ComputedAt).Description("When it was computed (UTC).");
    }
}

/// <summary>GraphQL mirror of <see cref="TrendPointResponse"/>.</summary>
public sealed class TrendPointGraphType : ObjectGraphType<TrendPointResponse>
{
    public TrendPointGraphType()
    {
        Name = "TrendPoint";
        Description = "One interval of a trend.";
        Field(x => x.Start).Description("The interval's start (UTC).");
        Field(x => x.Added).Description("Customers who gained the tag (entered the segment) within it.");
        Field(x => x.Removed).Description("Customers who lost it (removed or expired; left the segment).");
        Field(x => x.Net).Description("Added minus removed.");
        Field(x => x.Holders).Description("Holders (members) at the interval's end.");
    }
}
