using TagApi.Core.Segments.Query;
using static TagApi.Core.Segments.Query.CompareOperator;

namespace TagApi.Core.Tests.Segments;

/// <summary>Every example query of PRODUCT.md §3 and §4 parses into the AST it means.</summary>
public sealed class ParsingProductExamplesTests
{
    [Fact]
    public void High_value_and_not_churned()
    {
        var query = Q.Parse("tag = 'high_value' AND NOT tag = 'churned'");

        Assert.Equal(new AndNode(new TagEquals("high_value"), new NotNode(new TagEquals("churned"))), query);
    }

    [Fact]
    public void Highly_active_counts_interactions_in_a_window()
    {
        var query = Q.Parse("count(interaction, 30d) >= 3                                -- highly active");

        Assert.Equal(new AggregateCompare(new CountAggregate("interaction", null, Q.Days(30)), GreaterOrEqual, 3), query);
    }

    [Fact]
    public void High_value_sums_purchase_amounts()
    {
        var query = Q.Parse("sum(purchase.amount, 365d) > 10000                          -- high value");

        Assert.Equal(new AggregateCompare(new SumAggregate("purchase", Q.Days(365)), Greater, 10000), query);
    }

    [Fact]
    public void Churn_risk_reads_days_since_last_purchase()
    {
        var query = Q.Parse("daysSince(purchase) > 90 AND orderCount > 0                 -- churn risk");

        Assert.Equal(
            new AndNode(
                new AggregateCompare(new DaysSinceAggregate("purchase"), Greater, 90),
                Q.Compare("orderCount", Greater, Q.Num(0))),
            query);
    }

    [Fact]
    public void Tag_list_with_source_and_age_range()
    {
        var query = Q.Parse("tag IN ('new_customer', 'potential') AND source = 'online' AND age BETWEEN 18 AND 25");

        Assert.Equal(
            new AndNode(
                new TagIn("new_customer", "potential"),
                Q.Compare("source", Equal, Q.Str("online")),
                new FieldBetween(Q.Field("age"), Q.Num(18), Q.Num(25))),
            query);
    }

    [Fact]
    public void Lifecycle_category_with_purchase_count()
    {
        var query = Q.Parse("category.lifecycle = 'loyal' AND count(purchase, 90d) >= 2");

        Assert.Equal(
            new AndNode(
                new CategoryEquals("lifecycle", "loyal"),
                new AggregateCompare(new CountAggregate("purchase", null, Q.Days(90)), GreaterOrEqual, 2)),
            query);
    }

    [Fact]
    public void Tag_subtree_with_city_and_recent_order()
    {
        var query = Q.Parse("tag UNDER 'electronics' AND city = 'Shanghai' AND lastOrderAt > -30d");

        Assert.Equal(
            new AndNode(
                new TagUnder("electronics"),
                Q.Compare("city", Equal, Q.Str("Shanghai")),
                Q.Compare("lastOrderAt", Greater, new RelativeTimeValue(-30, DurationUnit.Days))),
            query);
    }

    [Fact]
    public void Custom_attribute_or_another_segment()
    {
        var query = Q.Parse("attributes.vipLevel >= 3 OR segment = 'big_spenders'");

        Assert.Equal(
            new OrNode(Q.Compare("attributes.vipLevel", GreaterOrEqual, Q.Num(3)), new SegmentRef("big_spenders")),
            query);
    }

    [Fact]
    public void Value_band_conditions_parse_including_the_catch_all()
    {
        Assert.Equal(
            new AggregateCompare(new SumAggregate("purchase", Q.Days(365)), GreaterOrEqual, 2000),
            Q.Parse("sum(purchase.amount,365d) >= 2000"));
        Assert.Equal(new TrueNode(), Q.Parse("true"));
    }

    [Fact]
    public void All_examples_together_with_their_comments_parse_as_one_query_per_line()
    {
        const string examples = """
            tag = 'high_value' AND NOT tag = 'churned'
            count(interaction, 30d) >= 3                                -- highly active
            sum(purchase.amount, 365d) > 10000                          -- high value
            daysSince(purchase) > 90 AND orderCount > 0                 -- churn risk
            tag IN ('new_customer', 'potential') AND source = 'online' AND age BETWEEN 18 AND 25
            category.lifecycle = 'loyal' AND count(purchase, 90d) >= 2
            tag UNDER 'electronics' AND city = 'Shanghai' AND lastOrderAt > -30d
            attributes.vipLevel >= 3 OR segment = 'big_spenders'
            """;

        var parsed = examples.Split('\n').Select(SegmentQueryParser.Parse).ToList();

        Assert.Equal(8, parsed.Count);
        Assert.Equal("count(interaction, 30d) >= 3", parsed[1].ToString());
    }
}
