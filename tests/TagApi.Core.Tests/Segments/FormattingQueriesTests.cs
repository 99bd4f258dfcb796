using TagApi.Core.Segments.Query;

namespace TagApi.Core.Tests.Segments;

/// <summary>The canonical text form: one spelling per meaning, and it parses back to the same query.</summary>
public sealed class FormattingQueriesTests
{
    [Theory]
    [InlineData("tag='VIP'", "tag = 'vip'")]
    [InlineData("tag != 'a'", "tag != 'a'")]
    [InlineData("tag in ( 'a','b' )", "tag IN ('a', 'b')")]
    [InlineData("tag under 'Electronics'", "tag UNDER 'electronics'")]
    [InlineData("category.Lifecycle='loyal'", "category.lifecycle = 'loyal'")]
    [InlineData("category.value is not null", "category.value IS NOT NULL")]
    [InlineData("segment='big'", "segment = 'big'")]
    [InlineData("City='Shanghai'", "city = 'Shanghai'")]
    [InlineData("city = 'Xi''an'", "city = 'Xi''an'")]
    [InlineData("totalSpent>=12.50", "totalSpent >= 12.5")]
    [InlineData("age between 18 and 25", "age BETWEEN 18 AND 25")]
    [InlineData("age in (18,-2.0)", "age IN (18, -2)")]
    [InlineData("city is null", "city IS NULL")]
    [InlineData("industry contains 'tech'", "industry CONTAINS 'tech'")]
    [InlineData("locale starts   with 'zh'", "locale STARTS WITH 'zh'")]
    [InlineData("createdAt < 2026-01-31", "createdAt < 2026-01-31")]
    [InlineData("lastOrderAt > -30D", "lastOrderAt > -30d")]
    [InlineData("lastActivityAt <= +12h", "lastActivityAt <= +12h")]
    [InlineData("lastOrderAt >= Today", "lastOrderAt >= today")]
    [InlineData("attributes.vip = TRUE", "attributes.vip = true")]
    [InlineData("count(Interaction,30d)>=3", "count(interaction, 30d) >= 3")]
    [InlineData("count(interaction, CHANNEL='email', 30d) >= 3", "count(interaction, channel = 'email', 30d) >= 3")]
    [InlineData("count('page-view', 7d) > 1", "count('page-view', 7d) > 1")]
    [InlineData("sum(purchase.AMOUNT,365d)>10000", "sum(purchase.amount, 365d) > 10000")]
    [InlineData("daysSince(purchase)>90", "daysSince(purchase) > 90")]
    [InlineData("TRUE", "true")]
    public void Each_predicate_has_one_canonical_spelling(string text, string canonical)
    {
        Assert.Equal(canonical, SegmentQueryFormatter.Format(Q.Parse(text)));
    }

    [Theory]
    [InlineData("(tag = 'a' OR tag = 'b') AND tag = 'c'", "(tag = 'a' OR tag = 'b') AND tag = 'c'")]
    [InlineData("tag = 'a' OR (tag = 'b' AND tag = 'c')", "tag = 'a' OR tag = 'b' AND tag = 'c'")]
    [InlineData("NOT (tag = 'a' AND tag = 'b')", "NOT (tag = 'a' AND tag = 'b')")]
    [InlineData("(NOT tag = 'a') AND ((tag = 'b'))", "NOT tag = 'a' AND tag = 'b'")]
    [InlineData("NOT (NOT (tag = 'a' OR tag = 'b'))", "tag = 'a' OR tag = 'b'")]
    [InlineData("NOT NOT NOT tag = 'a'", "NOT tag = 'a'")]
    [InlineData("tag = 'a' AND (tag = 'b' AND (tag = 'c' AND tag = 'd'))", "tag = 'a' AND tag = 'b' AND tag = 'c' AND tag = 'd'")]
    [InlineData("(tag = 'a' OR tag = 'b') OR (tag = 'c' OR tag = 'd')", "tag = 'a' OR tag = 'b' OR tag = 'c' OR tag = 'd'")]
    [InlineData("tag = 'a' AND NOT NOT (tag = 'b' AND tag = 'c')", "tag = 'a' AND tag = 'b' AND tag = 'c'")]
    [InlineData("NOT (tag = 'a' OR tag = 'b') AND (tag = 'c' OR NOT tag = 'd')", "NOT (tag = 'a' OR tag = 'b') AND (tag = 'c' OR NOT tag = 'd')")]
    public void Parentheses_appear_only_where_precedence_needs_them(string text, string canonical)
    {
        Assert.Equal(canonical, SegmentQueryFormatter.Format(Q.Parse(text)));
    }

    [Fact]
    public void Not_equals_is_kept_rather_than_rewritten_as_not()
    {
        Assert.Equal("tag != 'a' AND NOT tag = 'b'", Q.Parse("tag != 'a' AND NOT tag = 'b'").ToString());
    }

    [Fact]
    public void Normalising_flattens_and_removes_double_negation_keeping_positions()
    {
        var query = Q.Parse("tag = 'a' AND (tag = 'b' AND NOT NOT tag = 'c')");

        var normal = Assert.IsType<AndNode>(SegmentQueryNormalizer.Normalize(query));

        Assert.Equal(new AndNode(new TagEquals("a"), new TagEquals("b"), new TagEquals("c")), normal);
        Assert.Equal(new SourcePosition(1, 38), normal.Operands[2].Position);
    }

    [Fact]
    public void Empty_and_single_operand_junctions_built_by_code_normalise_to_their_meaning()
    {
        Assert.Equal("true", new AndNode().ToString());
        Assert.Equal("NOT true", new OrNode().ToString());
        Assert.Equal("tag = 'a'", new OrNode(new AndNode(new TagEquals("a"))).ToString());
    }

    [Fact]
    public void In_lists_built_by_code_must_not_be_empty_since_the_text_form_cannot_say_so()
    {
        Assert.Throws<ArgumentException>(() => new TagIn());
        Assert.Throws<ArgumentException>(() => new FieldIn(Q.Field("city"), []));
    }

    [Fact]
    public void Canonical_text_is_stable_and_parses_back_to_the_normalised_query()
    {
        var query = Q.Parse("tag IN ('new_customer','potential') and (source='online' and age between 18 and 25) or not not segment='x'");

        var text = SegmentQueryFormatter.Format(query);

        Assert.Equal("tag IN ('new_customer', 'potential') AND source = 'online' AND age BETWEEN 18 AND 25 OR segment = 'x'", text);
        Assert.Equal(SegmentQueryNormalizer.Normalize(query), Q.Parse(text));
        Assert.Equal(text, SegmentQueryFormatter.Format(Q.Parse(text)));
    }

    [Fact]
    public void Values_and_aggregates_render_as_literals()
    {
        Assert.Equal("'it''s'", new StringValue("it's").ToString());
        Assert.Equal("-30d", new RelativeTimeValue(-30, DurationUnit.Days).ToString());
        Assert.Equal("+0h", new RelativeTimeValue(0, DurationUnit.Hours).ToString());
        Assert.Equal("2026-01-31", new DateValue(new DateOnly(2026, 1, 31)).ToString());
        Assert.Equal("0.001", new NumberValue(0.0010m).ToString());
        Assert.Equal("sum(purchase.amount, 365d)", new SumAggregate("purchase", Q.Days(365)).ToString());
    }
}
