using TagApi.Core.Analytics;

namespace TagApi.Api.Features.Analytics;

/// <summary>A tag's holders beside everyone else.</summary>
/// <param name="Holders">Customers holding the tag.</param>
/// <param name="Others">Every other customer.</param>
/// <param name="ComputedAt">When it was computed (UTC).</param>
public sealed record TagProfileResponse(ProfileStatsResponse Holders, ProfileStatsResponse Others, DateTime ComputedAt)
{
    public static TagProfileResponse From(TagProfile p) => new(ProfileStatsResponse.From(p.Holders), ProfileStatsResponse.From(p.Others), p.ComputedAt);
}

/// <summary>A group's behaviour.</summary>
/// <param name="Customers">Customers in the group.</param>
/// <param name="TotalSpent">Lifetime spend.</param>
/// <param name="OrderCount">Lifetime orders.</param>
/// <param name="Activities30d">Activities of any type in the last 30 days.</param>
/// <param name="Activities90d">Activities of any type in the last 90 days.</param>
/// <param name="DaysSincePurchase">Whole days since the latest purchase, over customers who have one.</param>
/// <param name="Top">The most common values of some fields.</param>
public sealed record ProfileStatsResponse(
    long Customers, MeasureResponse TotalSpent, MeasureResponse OrderCount, MeasureResponse Activities30d, MeasureResponse Activities90d,
    MeasureResponse DaysSincePurchase, TopValuesResponse Top)
{
    public static ProfileStatsResponse From(ProfileStats s) => new(
        s.Customers, MeasureResponse.From(s.TotalSpent), MeasureResponse.From(s.OrderCount), MeasureResponse.From(s.Activities30d),
        MeasureResponse.From(s.Activities90d), MeasureResponse.From(s.DaysSincePurchase), TopValuesResponse.From(s.Top));
}

/// <summary>Average and median; null for an empty group.</summary>
/// <param name="Avg">Arithmetic mean.</param>
/// <param name="Median">Middle value (the mean of the two middle values for an even count).</param>
public sealed record MeasureResponse(double? Avg, double? Median)
{
    public static MeasureResponse From(Measure m) => new(m.Avg, m.Median);
}

/// <summary>The ten most common values of each field, most common first.</summary>
/// <param name="City">Cities.</param>
/// <param name="Source">Sources (<c>online</c>, <c>offline</c>).</param>
/// <param name="Country">Countries.</param>
/// <param name="Gender">Genders.</param>
/// <param name="AgeBand">Age bands (<c>&lt;18</c>, <c>18-24</c> … <c>65+</c>); null without <c>customers:pii</c>, as age is derived from the birth date.</param>
public sealed record TopValuesResponse(
    IReadOnlyList<ValueCountResponse> City, IReadOnlyList<ValueCountResponse> Source, IReadOnlyList<ValueCountResponse> Country,
    IReadOnlyList<ValueCountResponse> Gender, IReadOnlyList<ValueCountResponse>? AgeBand)
{
    public static TopValuesResponse From(IReadOnlyDictionary<string, IReadOnlyList<ValueCount>> top) => new(
        Of(top, "city")!, Of(top, "source")!, Of(top, "country")!, Of(top, "gender")!, Of(top, "ageBand"));

    private static List<ValueCountResponse>? Of(IReadOnlyDictionary<string, IReadOnlyList<ValueCount>> top, string field) =>
        top.TryGetValue(field, out var values) ? values.Select(v => new ValueCountResponse(v.Value, v.Customers)).ToList() : null;
}

/// <summary>A value and how many customers of the group have it.</summary>
/// <param name="Value">The value.</param>
/// <param name="Customers">Customers with it.</param>
public sealed record ValueCountResponse(string Value, long Customers);
