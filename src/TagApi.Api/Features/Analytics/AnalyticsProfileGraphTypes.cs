using GraphQL.Types;

namespace TagApi.Api.Features.Analytics;

/// <summary>GraphQL mirror of <see cref="TagProfileResponse"/>.</summary>
public sealed class TagProfileGraphType : ObjectGraphType<TagProfileResponse>
{
    public TagProfileGraphType()
    {
        Name = "TagProfile";
        Description = "A tag's holders beside everyone else.";
        Field<NonNullGraphType<ProfileStatsGraphType>>("holders").Description("Customers holding the tag.").Resolve(c => c.Source.Holders);
        Field<NonNullGraphType<ProfileStatsGraphType>>("others").Description("Every other customer.").Resolve(c => c.Source.Others);
        Field(x => x.ComputedAt).Description("When it was computed (UTC).");
    }
}

/// <summary>GraphQL mirror of <see cref="ProfileStatsResponse"/>.</summary>
public sealed class ProfileStatsGraphType : ObjectGraphType<ProfileStatsResponse>
{
    public ProfileStatsGraphType()
    {
        Name = "ProfileStats";
        Description = "A group's behaviour.";
        Field(x => x.Customers).Description("Customers in the group.");
        Field<NonNullGraphType<MeasureGraphType>>("totalSpent").Description("Lifetime spend.").Resolve(c => c.Source.TotalSpent);
        Field<NonNullGraphType<MeasureGraphType>>("orderCount").Description("Lifetime orders.").Resolve(c => c.Source.OrderCount);
        Field<NonNullGraphType<MeasureGraphType>>("activities30d").Description("Activities of any type in the last 30 days.").Resolve(c => c.Source.Activities30d);
        Field<NonNullGraphType<MeasureGraphType>>("activities90d").Description("Activities of any type in the last 90 days.").Resolve(c => c.Source.Activities90d);
        Field<NonNullGraphType<MeasureGraphType>>("daysSincePurchase").Description("Whole days since the latest purchase, over customers who have one.").Resolve(c => c.Source.DaysSincePurchase);
        Field<NonNullGraphType<TopValuesGraphType>>("top").Description("The most common values of some fields.").Resolve(c => c.Source.Top);
    }
}

/// <summary>GraphQL mirror of <see cref="MeasureResponse"/>.</summary>
public sealed class MeasureGraphType : ObjectGraphType<MeasureResponse>
{
    public MeasureGraphType()
    {
        Name = "Measure";
        Description = "Average and median; null for an empty group.";
        Field(x => x.Avg, nullable: true).Description("Arithmetic mean.");
        Field(x => x.Median, nullable: true).Description("Middle value (the mean of the two middle values for an even count).");
    }
}

/// <summary>GraphQL mirror of <see cref="TopValuesResponse"/>.</summary>
public sealed class TopValuesGraphType : ObjectGraphType<TopValuesResponse>
{
    public TopValuesGraphType()
    {
        Name = "TopValues";
        Description = "The ten most common values of each field, most common first.";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ValueCountGraphType>>>>("city").Description("Cities.").Resolve(c => c.Source.City);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ValueCountGraphType>>>>("source").Description("Sources (online, offline).").Resolve(c => c.Source.Source);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ValueCountGraphType>>>>("country").Description("Countries.").Resolve(c => c.Source.Country);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ValueCountGraphType>>>>("gender").Description("Genders.").Resolve(c => c.Source.Gender);
        Field<ListGraphType<NonNullGraphType<ValueCountGraphType>>>("ageBand")
            .Description("Age bands (<18, 18-24 … 65+); null without customers:pii, as age is derived from the birth date.").Resolve(c => c.Source.AgeBand);
    }
}

/// <summary>GraphQL mirror of <see cref="ValueCountResponse"/>.</summary>
public sealed class ValueCountGraphType : ObjectGraphType<ValueCountResponse>
{
    public ValueCountGraphType()
    {
        Name = "ValueCount";
        Description = "A value and how many customers of the group have it.";
        Field(x => x.Value).Description("The value.");
        Field(x => x.Customers).Description("Customers with it.");
    }
}

/// <summary>GraphQL mirror of <see cref="UnusedTagsResponse"/>.</summary>
public sealed class UnusedTagsGraphType : ObjectGraphType<UnusedTagsResponse>
{
    public UnusedTagsGraphType()
    {
        Name = "UnusedTags";
        Description = "Clean-up candidates.";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<UnusedTagGraphType>>>>("data").Description("The candidates, by tag key.").Resolve(c => c.Source.Data);
        Field(x => x.Days).Description("The window of no_recent_change.");
        Field(x => x.ComputedAt).Description("When it was computed (UTC).");
    }
}

/// <summary>GraphQL mirror of <see cref="UnusedTagResponse"/>.</summary>
public sealed class UnusedTagGraphType : ObjectGraphType<UnusedTagResponse>
{
    public UnusedTagGraphType()
    {
        Name = "UnusedTag";
        Description = "A clean-up candidate.";
        Field<NonNullGraphType<AnalyticsTagGraphType>>("tag").Description("The tag.").Resolve(c => c.Source.Tag);
        Field(x => x.Holders).Description("Its holders now.");
        Field(x => x.LastChangedAt, nullable: true).Description("When it was last assigned, removed or expired; null if never.");
        Field(x => x.Reason).Description("no_holders, or no_recent_change (holders, but no change within days).");
        Field(x => x.Suggestion).Description("delete (no holders, nothing uses it), merge (into mergeInto, a tag of the same name) or archive.");
        Field<AnalyticsTagGraphType>("mergeInto").Description("The tag to merge into, for merge.").Resolve(c => c.Source.MergeInto);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TagUserGraphType>>>>("usedBy").Description("Rules and segments that refer to it.").Resolve(c => c.Source.UsedBy);
    }
}

/// <summary>GraphQL mirror of <see cref="TagUserResponse"/>.</summary>
public sealed class TagUserGraphType : ObjectGraphType<TagUserResponse>
{
    public TagUserGraphType()
    {
        Name = "TagUser";
        Description = "A rule or segment that refers to a tag.";
        Field(x => x.Kind).Description("rule (assigns the tag or reads it) or segment (its query reads it).");
        Field<NonNullGraphType<IdGraphType>>("id").Description("Its id (rul_… or seg_…).").Resolve(c => c.Source.Id);
        Field(x => x.Key).Description("Its key.");
    }
}

/// <summary>GraphQL mirror of <see cref="DuplicateTagsResponse"/>.</summary>
public sealed class DuplicateTagsGraphType : ObjectGraphType<DuplicateTagsResponse>
{
    public DuplicateTagsGraphType()
    {
        Name = "DuplicateTags";
        Description = "Pairs of tags that look like one.";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<DuplicateTagPairGraphType>>>>("data").Description("The pairs.").Resolve(c => c.Source.Data);
        Field(x => x.ComputedAt).Description("When it was computed (UTC).");
    }
}

/// <summary>GraphQL mirror of <see cref="DuplicateTagPairResponse"/>.</summary>
public sealed class DuplicateTagPairGraphType : ObjectGraphType<DuplicateTagPairResponse>
{
    public DuplicateTagPairGraphType()
    {
        Name = "DuplicateTagPair";
        Description = "Two tags that look like one.";
        Field<NonNullGraphType<AnalyticsTagGraphType>>("first").Description("The tag with more holders (the natural one to keep).").Resolve(c => c.Source.First);
        Field<NonNullGraphType<AnalyticsTagGraphType>>("second").Description("The other.").Resolve(c => c.Source.Second);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("reasons").Description("same_name and/or holders_overlap (Jaccard ≥ 0.9).").Resolve(c => c.Source.Reasons);
        Field(x => x.FoldedName, nullable: true).Description("The folded name they share, for same_name.");
        Field(x => x.FirstHolders).Description("Holders of the first.");
        Field(x => x.SecondHolders).Description("Holders of the second.");
        Field(x => x.Both).Description("Customers holding both.");
        Field(x => x.Jaccard).Description("Customers holding both divided by customers holding either.");
    }
}
