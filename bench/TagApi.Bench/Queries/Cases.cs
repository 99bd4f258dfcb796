using static TagApi.Bench.Queries.Segment;

namespace TagApi.Bench.Queries;

/// <summary>One named expression of a workload, with what it is meant to show.</summary>
public sealed record SegmentCase(string Name, string Description, Segment Segment);

/// <summary>
/// The expressions each workload runs. Densities come from <see cref="Data.TagCatalog"/>:
/// newsletter 50 %, wechat_follower 30 %, app_user 20 %, high_value 10 %, the middle band 30–6 %,
/// the tail 5 % → 0.01 % (investor_relations ≈ 0.085 %, test_account ≈ 0.012 %).
/// </summary>
public static class Cases
{
    public static IReadOnlyList<SegmentCase> W1 { get; } =
    [
        new("2 terms", "two tags, AND (30 % ∩ 20 %)",
            All(Tag("wechat_follower"), Tag("app_user"))),
        new("4 terms", "(1|2)&3&!4 — the reference GIN shape",
            All(Any(Tag("newsletter"), Tag("wechat_follower")), Tag("app_user"), Not(Tag("high_value")))),
        new("8 terms", "two ORs, an AND, two negations (one of an AND)",
            All(
                Any(Tag("coupon_user"), Tag("flash_sale_buyer")),
                Any(Tag("interest_electronics"), Tag("interest_fashion")),
                Tag("mobile_shopper"),
                Not(Tag("churn_risk")),
                Not(All(Tag("price_sensitive"), Tag("cart_abandoner"))))),
        new("hierarchy", "tag UNDER a parent with nine descendants, minus a tag",
            All(new TagUnder("interest_electronics"), Not(Tag("churn_risk")))),
        new("numeric attribute", "a tag and totalSpent > 1000",
            All(Tag("app_user"), new TotalSpentAbove(1000))),
        new("behaviour window", "a tag and an order in the last 30 days (lastOrderAt > -30d)",
            All(Tag("newsletter"), new LastOrderWithin(30))),
    ];

    public static SegmentCase W2Dense { get; } = new("dense", "about 47 % of customers",
        All(Tag("newsletter"), Not(Tag("churn_risk"))));

    public static SegmentCase W2Selective { get; } = new("selective", "under 0.1 % of customers",
        All(Tag("investor_relations"), Not(Tag("test_account"))));

    public static SegmentCase W3Tenth { get; } = new("≈10 % of customers", "one tag held by 10 %",
        Tag("high_value"));

    public static SegmentCase W3Everyone { get; } = new("≈100 % of customers", "everyone but the 0.01 % test accounts",
        Not(Tag("test_account")));
}
