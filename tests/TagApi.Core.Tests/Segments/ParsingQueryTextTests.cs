using TagApi.Core.Segments.Query;
using static TagApi.Core.Segments.Query.CompareOperator;

namespace TagApi.Core.Tests.Segments;

/// <summary>The grammar of PRODUCT.md §3, one feature at a time.</summary>
public sealed class ParsingQueryTextTests
{
    [Fact]
    public void Keywords_and_names_are_case_insensitive()
    {
        var query = Q.Parse("TAG = 'vip' and not Tag = 'x' Or CITY starts with 'Sh' AND DaysSince(Purchase) > 1");

        Assert.Equal(
            new OrNode(
                new AndNode(new TagEquals("vip"), new NotNode(new TagEquals("x"))),
                new AndNode(
                    new FieldStartsWith(Q.Field("city"), "Sh"),
                    new AggregateCompare(new DaysSinceAggregate("purchase"), Greater, 1))),
            query);
    }

    [Fact]
    public void Not_binds_tighter_than_and_and_and_tighter_than_or()
    {
        var query = Q.Parse("tag = 'a' OR NOT tag = 'b' AND tag = 'c'");

        Assert.Equal(
            new OrNode(new TagEquals("a"), new AndNode(new NotNode(new TagEquals("b")), new TagEquals("c"))),
            query);
    }

    [Fact]
    public void Parentheses_override_precedence_and_are_kept_as_written()
    {
        var query = Q.Parse("NOT (tag = 'a' OR tag = 'b') AND (tag = 'c' AND tag = 'd')");

        Assert.Equal(
            new AndNode(
                new NotNode(new OrNode(new TagEquals("a"), new TagEquals("b"))),
                new AndNode(new TagEquals("c"), new TagEquals("d"))),
            query);
    }

    [Fact]
    public void Line_comments_are_skipped_but_double_dash_inside_a_string_is_text()
    {
        var query = Q.Parse("""
            -- customers in the spring campaign
            attributes.campaign = 'spring--2026' -- not a comment inside quotes
              AND tag = 'vip'  --trailing
            """);

        Assert.Equal(
            new AndNode(Q.Compare("attributes.campaign", Equal, Q.Str("spring--2026")), new TagEquals("vip")),
            query);
    }

    [Fact]
    public void Doubled_single_quote_stands_for_one_quote()
    {
        var query = Q.Parse("city = 'Xi''an' OR attributes.note CONTAINS ''''");

        Assert.Equal(
            new OrNode(Q.Compare("city", Equal, Q.Str("Xi'an")), new FieldContains(Q.Field("attributes.note"), "'")),
            query);
    }

    [Fact]
    public void Keys_are_lower_cased_while_text_values_and_attribute_names_keep_their_case()
    {
        var query = Q.Parse("tag IN ('VIP', 'High_Value') AND category.LifeCycle = 'Loyal' AND segment = 'Big' AND attributes.VipLevel = 'Gold'");

        Assert.Equal(
            new AndNode(
                new TagIn("vip", "high_value"),
                new CategoryEquals("lifecycle", "loyal"),
                new SegmentRef("big"),
                Q.Compare("attributes.VipLevel", Equal, Q.Str("Gold"))),
            query);
    }

    [Fact]
    public void Tag_predicates_cover_equals_not_equals_in_and_under()
    {
        var query = Q.Parse("tag = 'a' AND tag != 'b' AND tag IN ('c') AND tag UNDER 'd'");

        Assert.Equal(new AndNode(new TagEquals("a"), new TagNotEquals("b"), new TagIn("c"), new TagUnder("d")), query);
    }

    [Fact]
    public void Is_null_and_is_not_null_apply_to_fields_and_categories()
    {
        var query = Q.Parse("city IS NULL AND lastOrderAt IS NOT NULL AND category.value IS NULL AND category.lifecycle IS NOT NULL");

        Assert.Equal(
            new AndNode(
                new FieldIsNull(Q.Field("city"), false),
                new FieldIsNull(Q.Field("lastOrderAt"), true),
                new CategoryIsNull("value", false),
                new CategoryIsNull("lifecycle", true)),
            query);
    }

    [Fact]
    public void Attribute_names_may_reach_into_nested_objects()
    {
        var query = Q.Parse("attributes.address.zip STARTS WITH '200' AND attributes.loyalty_2 IS NOT NULL");

        var and = Assert.IsType<AndNode>(query);
        var startsWith = Assert.IsType<FieldStartsWith>(and.Operands[0]);
        Assert.Equal("attributes.address.zip", startsWith.Field.Name);
        Assert.Equal("address.zip", startsWith.Field.AttributePath);
        Assert.Equal(QueryFieldKind.Any, startsWith.Field.Kind);
    }

    [Fact]
    public void Every_listed_field_is_known_with_its_kind()
    {
        foreach (var (name, kind) in new[]
        {
            ("type", QueryFieldKind.Text), ("gender", QueryFieldKind.Text), ("country", QueryFieldKind.Text),
            ("region", QueryFieldKind.Text), ("city", QueryFieldKind.Text), ("industry", QueryFieldKind.Text),
            ("source", QueryFieldKind.Text), ("locale", QueryFieldKind.Text), ("age", QueryFieldKind.Number),
            ("totalSpent", QueryFieldKind.Number), ("orderCount", QueryFieldKind.Number), ("createdAt", QueryFieldKind.Date),
            ("firstOrderAt", QueryFieldKind.Date), ("lastOrderAt", QueryFieldKind.Date), ("lastActivityAt", QueryFieldKind.Date),
        })
        {
            var compare = Assert.IsType<FieldIsNull>(Q.Parse($"{name.ToUpperInvariant()} IS NULL"));
            Assert.Equal(name, compare.Field.Name);
            Assert.Equal(kind, compare.Field.Kind);
        }
    }

    [Fact]
    public void Values_can_be_numbers_strings_dates_relative_times_and_booleans()
    {
        var query = Q.Parse(
            "totalSpent >= -12.5 AND createdAt < 2026-01-31 AND lastActivityAt > -12h AND firstOrderAt <= +7d "
            + "AND lastOrderAt >= TODAY AND attributes.newsletter = true AND attributes.blocked != FALSE");

        Assert.Equal(
            new AndNode(
                Q.Compare("totalSpent", GreaterOrEqual, Q.Num(-12.5m)),
                Q.Compare("createdAt", Less, new DateValue(new DateOnly(2026, 1, 31))),
                Q.Compare("lastActivityAt", Greater, new RelativeTimeValue(-12, DurationUnit.Hours)),
                Q.Compare("firstOrderAt", LessOrEqual, new RelativeTimeValue(7, DurationUnit.Days)),
                Q.Compare("lastOrderAt", GreaterOrEqual, new TodayValue()),
                Q.Compare("attributes.newsletter", Equal, new BooleanValue(true)),
                Q.Compare("attributes.blocked", NotEqual, new BooleanValue(false))),
            query);
    }

    [Fact]
    public void Field_in_list_and_between_take_values()
    {
        var query = Q.Parse("country IN ('CN', 'SG') AND createdAt BETWEEN 2025-01-01 AND -1d");

        Assert.Equal(
            new AndNode(
                new FieldIn(Q.Field("country"), [Q.Str("CN"), Q.Str("SG")]),
                new FieldBetween(Q.Field("createdAt"), new DateValue(new DateOnly(2025, 1, 1)), new RelativeTimeValue(-1, DurationUnit.Days))),
            query);
    }

    [Fact]
    public void Count_takes_an_optional_channel_and_hour_windows()
    {
        var query = Q.Parse("count(interaction, channel = 'email', 12h) < 1");

        Assert.Equal(new AggregateCompare(new CountAggregate("interaction", "email", Q.Hours(12)), Less, 1), query);
    }

    [Fact]
    public void Custom_activity_types_may_be_quoted_and_are_lower_cased()
    {
        var query = Q.Parse("count('Page-View', 7d) > 10 AND sum(Refund.amount, 30d) = 0");

        Assert.Equal(
            new AndNode(
                new AggregateCompare(new CountAggregate("page-view", null, Q.Days(7)), Greater, 10),
                new AggregateCompare(new SumAggregate("refund", Q.Days(30)), Equal, 0)),
            query);
    }

    [Fact]
    public void True_is_a_query_and_may_stand_anywhere_a_predicate_may()
    {
        Assert.Equal(new TrueNode(), Q.Parse("  TRUE  "));
        Assert.Equal(new AndNode(new TrueNode(), new NotNode(new TrueNode())), Q.Parse("true AND NOT true"));
    }

    [Fact]
    public void Nodes_carry_the_line_and_column_where_they_start()
    {
        var query = (AndNode)Q.Parse("tag = 'a'\n  AND NOT city = '上海'\n\tAND (age > 1 OR gender IS NULL)");

        Assert.Equal(new SourcePosition(1, 1), query.Position);
        Assert.Equal(new SourcePosition(2, 7), query.Operands[1].Position);
        Assert.Equal(new SourcePosition(2, 11), ((NotNode)query.Operands[1]).Operand.Position);
        Assert.Equal(new SourcePosition(3, 7), query.Operands[2].Position);
        Assert.Equal(new SourcePosition(3, 18), ((OrNode)query.Operands[2]).Operands[1].Position);
    }

    [Fact]
    public void Columns_count_characters_as_an_editor_shows_them()
    {
        var error = Q.Error("attributes.note = '😀高价值' AND cty = 'x'");

        // The emoji is two UTF-16 units but one column.
        Assert.Equal(30, error.Column);
    }

    [Fact]
    public void Equal_queries_compare_equal_wherever_they_were_written()
    {
        var first = Q.Parse("tag IN ('a', 'b') AND city = 'x'");
        var second = Q.Parse("\n\n   tag IN ('A','B')   AND   city='x'");

        Assert.Equal(first, second);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
        Assert.NotEqual(first.Position, ((AndNode)second).Operands[0].Position);
    }
}
