using System.Text.Json;
using System.Text.Json.Nodes;
using TagApi.Core.Segments.Query;

namespace TagApi.Core.Tests.Segments;

/// <summary>The JSON AST form: its documented shape, both conversions, and errors that point at a JSON path.</summary>
public sealed class QueryJsonTests
{
    [Theory]
    [InlineData("true", """true""")]
    [InlineData("tag = 'vip'", """{"tag":{"eq":"vip"}}""")]
    [InlineData("tag != 'vip'", """{"tag":{"ne":"vip"}}""")]
    [InlineData("tag IN ('a', 'b')", """{"tag":{"in":["a","b"]}}""")]
    [InlineData("tag UNDER 'electronics'", """{"tag":{"under":"electronics"}}""")]
    [InlineData("category.lifecycle = 'loyal'", """{"category":{"key":"lifecycle","eq":"loyal"}}""")]
    [InlineData("category.value IS NULL", """{"category":{"key":"value","isNull":true}}""")]
    [InlineData("category.value IS NOT NULL", """{"category":{"key":"value","isNull":false}}""")]
    [InlineData("segment = 'big_spenders'", """{"segment":"big_spenders"}""")]
    [InlineData("city = 'Shanghai'", """{"field":"city","op":"=","value":"Shanghai"}""")]
    [InlineData("totalSpent >= 99.5", """{"field":"totalSpent","op":">=","value":99.5}""")]
    [InlineData("attributes.vip != true", """{"field":"attributes.vip","op":"!=","value":true}""")]
    [InlineData("createdAt < 2026-01-31", """{"field":"createdAt","op":"<","value":{"date":"2026-01-31"}}""")]
    [InlineData("lastOrderAt > -30d", """{"field":"lastOrderAt","op":">","value":{"relative":"-30d"}}""")]
    [InlineData("lastOrderAt <= today", """{"field":"lastOrderAt","op":"<=","value":{"relative":"today"}}""")]
    [InlineData("age BETWEEN 18 AND 25", """{"field":"age","between":[18,25]}""")]
    [InlineData("country IN ('CN', 'SG')", """{"field":"country","in":["CN","SG"]}""")]
    [InlineData("city IS NULL", """{"field":"city","isNull":true}""")]
    [InlineData("city IS NOT NULL", """{"field":"city","isNull":false}""")]
    [InlineData("industry CONTAINS 'tech'", """{"field":"industry","contains":"tech"}""")]
    [InlineData("locale STARTS WITH 'zh'", """{"field":"locale","startsWith":"zh"}""")]
    [InlineData("count(interaction, 30d) >= 3", """{"count":{"type":"interaction","window":"30d"},"op":">=","value":3}""")]
    [InlineData(
        "count(interaction, channel = 'email', 12h) < 1",
        """{"count":{"type":"interaction","channel":"email","window":"12h"},"op":"<","value":1}""")]
    [InlineData("sum(purchase.amount, 365d) > 10000", """{"sum":{"type":"purchase","window":"365d"},"op":">","value":10000}""")]
    [InlineData("daysSince(purchase) > 90", """{"daysSince":{"type":"purchase"},"op":">","value":90}""")]
    [InlineData(
        "tag = 'a' AND NOT (tag = 'b' OR tag = 'c')",
        """{"and":[{"tag":{"eq":"a"}},{"not":{"or":[{"tag":{"eq":"b"}},{"tag":{"eq":"c"}}]}}]}""")]
    public void Each_node_has_the_documented_shape_and_reads_back(string text, string json)
    {
        var query = Q.Parse(text);

        var written = SegmentQueryJson.ToJson(query);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json), written), written.ToJsonString());
        Assert.Equal(query, Read(json));
    }

    [Fact]
    public void Every_product_example_survives_text_to_json_to_text()
    {
        string[] examples =
        [
            "tag = 'high_value' AND NOT tag = 'churned'",
            "count(interaction, 30d) >= 3",
            "sum(purchase.amount, 365d) > 10000",
            "daysSince(purchase) > 90 AND orderCount > 0",
            "tag IN ('new_customer', 'potential') AND source = 'online' AND age BETWEEN 18 AND 25",
            "category.lifecycle = 'loyal' AND count(purchase, 90d) >= 2",
            "tag UNDER 'electronics' AND city = 'Shanghai' AND lastOrderAt > -30d",
            "attributes.vipLevel >= 3 OR segment = 'big_spenders'",
        ];

        foreach (var text in examples)
        {
            var json = SegmentQueryJson.ToJson(Q.Parse(text)).ToJsonString();
            Assert.Equal(text, Read(json).ToString());
        }
    }

    [Fact]
    public void Json_keeps_the_structure_as_written()
    {
        var query = Q.Parse("tag = 'a' AND (tag = 'b' AND NOT NOT tag = 'c')");

        var json = SegmentQueryJson.ToJson(query).ToJsonString();

        Assert.Equal("""{"and":[{"tag":{"eq":"a"}},{"and":[{"tag":{"eq":"b"}},{"not":{"not":{"tag":{"eq":"c"}}}}]}]}""", json);
    }

    [Fact]
    public void Keys_and_activity_types_are_lower_cased_on_reading()
    {
        var query = Read("""{"and":[{"tag":{"in":["VIP"]}},{"category":{"key":"LifeCycle","eq":"Loyal"}},{"daysSince":{"type":"Purchase"},"op":">","value":1}]}""");

        Assert.Equal("tag IN ('vip') AND category.lifecycle = 'loyal' AND daysSince(purchase) > 1", query.ToString());
    }

    [Fact]
    public void Unknown_node_kind_points_at_its_property_with_a_suggestion()
    {
        var error = ReadError("""{"and":[{"tag":{"eq":"a"}},{"tga":{"eq":"b"}}]}""");

        Assert.Equal("Unknown query node 'tga' at $.and[1].tga; did you mean 'tag'?", error.Message);
        Assert.Equal(("$.and[1].tga", "tga", "tag"), (error.Path, error.Unknown, error.Suggestion));
        Assert.Equal((0, 0), (error.Line, error.Column));
    }

    [Fact]
    public void Unknown_field_points_at_the_field_property()
    {
        var error = ReadError("""{"not":{"field":"cty","op":"=","value":"x"}}""");

        Assert.Equal("Unknown field 'cty' at $.not.field; did you mean 'city'?", error.Message);
    }

    [Fact]
    public void Type_rules_of_the_text_form_apply_at_the_value_path()
    {
        Assert.Equal("Field 'age' needs a number but got text 'x' at $.in[1]", ReadError("""{"field":"age","in":[1,"x"]}""").Message);
        Assert.Equal(
            "BETWEEN lower bound 25 is above upper bound 18 at $.between[1]",
            ReadError("""{"field":"age","between":[25,18]}""").Message);
        Assert.Equal(
            "Window 3651d is longer than the maximum of 3650d at $.sum.window",
            ReadError("""{"sum":{"type":"purchase","window":"3651d"},"op":">","value":1}""").Message);
        Assert.Equal(
            "Field 'lastOrderAt' needs a date or a relative time but got text '2026-01-01' at $.value; "
            + "write a date such as 2026-01-31 or a relative time such as -30d or today",
            ReadError("""{"field":"lastOrderAt","op":">","value":"2026-01-01"}""").Message);
    }

    [Fact]
    public void Malformed_shapes_say_what_was_expected()
    {
        Assert.Equal(
            "Expected a query object or 'true' at $ but found false",
            ReadError("false").Message);
        Assert.Equal(
            "Expected a non-empty array of queries at $.or but found an empty array; use true to match every customer",
            ReadError("""{"or":[]}""").Message);
        Assert.Equal(
            "Expected only one of 'eq', 'ne', 'in', 'under' but found both 'eq' and 'ne' at $.tag",
            ReadError("""{"tag":{"eq":"a","ne":"b"}}""").Message);
        Assert.Equal(
            "Expected '=', '!=', '<', '<=', '>' or '>=' at $.op but found \"==\"",
            ReadError("""{"field":"age","op":"==","value":1}""").Message);
        Assert.Equal("Missing property 'window' at $.count", ReadError("""{"count":{"type":"visit"},"op":">","value":1}""").Message);
        Assert.Equal(
            "Expected an array of two values at $.between but found an array of 1 item",
            ReadError("""{"field":"age","between":[1]}""").Message);
        Assert.Equal(
            "Invalid relative time '30d' at $.value.relative; write a signed duration such as -30d, +7d, -12h, or today",
            ReadError("""{"field":"lastOrderAt","op":">","value":{"relative":"30d"}}""").Message);
    }

    [Fact]
    public void Properties_that_do_not_belong_are_refused()
    {
        Assert.Equal(
            "Unknown property 'channel' at $.sum.channel",
            ReadError("""{"sum":{"type":"purchase","window":"30d","channel":"x"},"op":">","value":1}""").Message);
        Assert.Equal(
            "Property 'value' belongs with 'op', not with 'isNull' at $.value",
            ReadError("""{"field":"city","isNull":true,"value":1}""").Message);
        Assert.Equal(
            "A query object has one of 'and', 'or', 'not', 'tag', 'category', 'segment', 'field', 'count', 'sum', 'daysSince' "
            + "but this one has both 'tag' and 'segment' at $",
            ReadError("""{"tag":{"eq":"a"},"segment":"b"}""").Message);
    }

    [Fact]
    public void Every_problem_in_the_document_is_reported_in_one_go()
    {
        var errors = Assert.Throws<SegmentQueryException>(() =>
            Read("""{"or":[{"tag":{"eq":""}},{"field":"cty","op":"=","value":1},{"segment":"ok"},{"tga":1}]}""")).Errors;

        Assert.Equal(["$.or[0].tag.eq", "$.or[1].field", "$.or[3].tga"], errors.Select(e => e.Path));
    }

    [Fact]
    public void Limits_apply_to_the_json_form()
    {
        var tooMany = new JsonObject { ["or"] = new JsonArray([.. Enumerable.Range(0, 101).Select(i => (JsonNode)new JsonObject { ["segment"] = $"s{i}" })]) };
        JsonNode deep = new JsonObject { ["segment"] = "s" };
        for (var i = 0; i < 33; i++)
        {
            deep = new JsonObject { ["not"] = deep };
        }

        Assert.Equal(
            "Query has more than 100 predicates; predicate 101 is at $.or[100]; move parts into saved segments and use segment = '...'",
            ReadError(tooMany.ToJsonString()).Message);
        Assert.Equal(
            "Query nests deeper than 32 levels; level 33 starts at $" + string.Concat(Enumerable.Repeat(".not", 32)),
            ReadError(deep.ToJsonString()).Message);
    }

    [Fact]
    public void The_deepest_valid_query_fits_the_documented_json_depth()
    {
        QueryNode query = new FieldBetween(Q.Field("createdAt"), new DateValue(new DateOnly(2026, 1, 1)), new TodayValue());
        for (var i = 0; i < QueryLimits.MaxDepth; i++)
        {
            query = new AndNode(query, new TrueNode());
        }

        var json = SegmentQueryJson.ToJson(query).ToJsonString();

        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = SegmentQueryJson.MaxJsonDepth - 1 }));
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = SegmentQueryJson.MaxJsonDepth });
        Assert.Equal(query, SegmentQueryJson.FromJson(document.RootElement));
    }

    private static QueryNode Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        return SegmentQueryJson.FromJson(document.RootElement);
    }

    private static QueryError ReadError(string json) =>
        Assert.Single(Assert.Throws<SegmentQueryException>(() => Read(json)).Errors);
}
