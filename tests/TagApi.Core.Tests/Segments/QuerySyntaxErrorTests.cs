using TagApi.Core.Segments.Query;

namespace TagApi.Core.Tests.Segments;

/// <summary>Bad query text gets a precise error: what, where, what was expected, and a hint.</summary>
public sealed class QuerySyntaxErrorTests
{
    [Fact]
    public void Unclosed_tag_list_lists_the_tokens_that_could_follow()
    {
        var error = Q.Error("tag IN ('vip', 'new_user' AND age > 3)");

        Assert.Equal("Expected ')' or ',' at line 1, column 27 but found 'AND'", error.Message);
        Assert.Equal((1, 27), (error.Line, error.Column));
        Assert.Equal([")", ","], error.Expected);
    }

    [Fact]
    public void Unknown_field_reports_position_and_suggestion()
    {
        var error = Q.Error("cty = 'Shanghai'");

        Assert.Equal("Unknown field 'cty' at line 1, column 1; did you mean 'city'?", error.Message);
        Assert.Equal((1, 1), (error.Line, error.Column));
        Assert.Equal("cty", error.Unknown);
        Assert.Equal("city", error.Suggestion);
    }

    [Fact]
    public void Every_unknown_field_is_reported_in_one_go()
    {
        var errors = Q.Errors("cty = 'Shanghai'\n  AND lastOrdrAt > -30d AND attribute.vip = 1");

        Assert.Equal(
            [
                "Unknown field 'cty' at line 1, column 1; did you mean 'city'?",
                "Unknown field 'lastOrdrAt' at line 2, column 7; did you mean 'lastOrderAt'?",
                "Unknown field 'attribute' at line 2, column 29; did you mean 'attributes'?",
            ],
            errors.Select(e => e.Message));
    }

    [Fact]
    public void Unknown_field_far_from_any_name_gets_no_suggestion()
    {
        var error = Q.Error("zodiac = 'leo'");

        Assert.Equal("Unknown field 'zodiac' at line 1, column 1", error.Message);
        Assert.Null(error.Suggestion);
    }

    [Fact]
    public void Misspelt_operator_keyword_is_suggested()
    {
        var error = Q.Error("age BETWEN 18 AND 25");

        Assert.Equal(
            "Expected '=', '!=', '<', '<=', '>', '>=', 'BETWEEN', 'IN', 'IS', 'CONTAINS' or 'STARTS WITH' "
            + "at line 1, column 5 but found 'BETWEN'; did you mean 'BETWEEN'?",
            error.Message);
        Assert.Equal("BETWEEN", error.Suggestion);
        Assert.Contains("STARTS WITH", error.Expected);
    }

    [Fact]
    public void Unknown_function_is_named_with_the_closest_aggregate()
    {
        var error = Q.Error("cnt(interaction, 30d) >= 3");

        Assert.Equal("Unknown function 'cnt' at line 1, column 1; did you mean 'count'?", error.Message);
        Assert.Equal(("cnt", "count"), (error.Unknown, error.Suggestion));
    }

    [Fact]
    public void Unquoted_text_value_is_told_to_use_single_quotes()
    {
        var error = Q.Error("city = Shanghai");

        Assert.Equal("Expected a value at line 1, column 8 but found 'Shanghai'; text goes in single quotes", error.Message);
        Assert.Equal(["<value>"], error.Expected);
    }

    [Fact]
    public void Double_quoted_string_is_refused_at_the_quote()
    {
        var error = Q.Error("tag = \"vip\"");

        Assert.Equal("Unexpected '\"' at line 1, column 7; strings use single quotes", error.Message);
        Assert.Equal((1, 7), (error.Line, error.Column));
    }

    [Fact]
    public void Unterminated_string_points_at_its_opening_quote()
    {
        var error = Q.Error("tag = 'vip' OR\ntag = 'new");

        Assert.Equal("Unterminated string starting at line 2, column 7; close it with a single quote", error.Message);
        Assert.Equal((2, 7), (error.Line, error.Column));
    }

    [Fact]
    public void Stray_character_is_named()
    {
        Assert.Equal("Unexpected character '&' at line 1, column 9", Q.Error("age > 3 & tag = 'a'").Message);
        Assert.Equal("Unexpected character '!' at line 1, column 5; did you mean '!='?", Q.Error("age ! 3").Message);
    }

    [Fact]
    public void Impossible_date_is_refused()
    {
        var error = Q.Error("createdAt > 2026-02-30");

        Assert.Equal("Invalid date '2026-02-30' at line 1, column 13; write a real date as yyyy-MM-dd, e.g. 2026-01-31", error.Message);
    }

    [Fact]
    public void Duration_needs_a_d_or_h_unit()
    {
        var error = Q.Error("count(visit, 30days) > 1");

        Assert.Equal("Invalid duration '30days' at line 1, column 14; write whole days or hours such as 30d or 12h", error.Message);
    }

    [Fact]
    public void Duration_without_sign_as_a_value_asks_for_a_sign()
    {
        var error = Q.Error("lastOrderAt > 30d");

        Assert.Equal(
            "Expected a value at line 1, column 15 but found '30d'; a relative time needs a sign, e.g. '-30d' for the past",
            error.Message);
    }

    [Fact]
    public void Sum_reads_only_the_amount()
    {
        Assert.Equal("Expected '.' at line 1, column 13 but found ','", Q.Error("sum(purchase, 30d) > 1").Message);
        Assert.Equal("Expected 'amount' at line 1, column 14 but found 'total'", Q.Error("sum(purchase.total, 30d) > 1").Message);
    }

    [Fact]
    public void Count_without_window_says_what_may_come_next()
    {
        Assert.Equal("Expected ',' at line 1, column 18 but found ')'", Q.Error("count(interaction) >= 3").Message);
        Assert.Equal(
            "Expected 'channel' or a duration such as 30d at line 1, column 20 but found 'email'",
            Q.Error("count(interaction, 'email', 30d) >= 3").Message);
    }

    [Fact]
    public void Aggregate_compares_with_a_number_only()
    {
        var error = Q.Error("daysSince(purchase) > -30d");

        Assert.Equal("Expected a number at line 1, column 23 but found '-30d'", error.Message);
    }

    [Fact]
    public void Tokens_after_a_complete_query_are_refused()
    {
        var error = Q.Error("tag = 'a' tag = 'b'");

        Assert.Equal("Expected 'AND', 'OR' or end of query at line 1, column 11 but found 'tag'", error.Message);
        Assert.Equal(["AND", "OR", "<end of query>"], error.Expected);
    }

    [Fact]
    public void Unbalanced_parentheses_are_refused_where_they_break()
    {
        Assert.Equal("Expected 'AND', 'OR' or ')' at line 1, column 11 but found end of query", Q.Error("(tag = 'a'").Message);
        Assert.Equal("Expected 'AND', 'OR' or end of query at line 1, column 10 but found ')'", Q.Error("tag = 'a')").Message);
    }

    [Fact]
    public void Missing_predicate_is_refused()
    {
        Assert.Equal("Expected 'NOT', '(' or a predicate at line 1, column 1 but found end of query", Q.Error("").Message);
        Assert.Equal("Expected 'NOT', '(' or a predicate at line 2, column 1 but found end of query", Q.Error("-- nothing\n").Message);
        Assert.Equal("Expected 'NOT', '(' or a predicate at line 1, column 15 but found end of query", Q.Error("tag = 'a' AND ").Message);
        Assert.Equal("Expected 'NOT', '(' or a predicate at line 1, column 1 but found 'AND'", Q.Error("AND tag = 'a'").Message);
    }

    [Fact]
    public void Category_and_segment_accept_only_their_operators()
    {
        Assert.Equal("Expected '=' or 'IS' at line 1, column 20 but found '!='", Q.Error("category.lifecycle != 'x'").Message);
        Assert.Equal("Expected 'NOT' or 'NULL' at line 1, column 23 but found 'NUL'; did you mean 'NULL'?", Q.Error("category.lifecycle IS NUL").Message);
        Assert.Equal("Expected '=' at line 1, column 9 but found '!='", Q.Error("segment != 'x'").Message);
        Assert.Equal("Expected a category key at line 1, column 10 but found '='", Q.Error("category.= 'x'").Message);
    }

    [Fact]
    public void Keys_must_not_be_empty()
    {
        var error = Q.Error("tag = '' OR segment = 'x'");

        Assert.Equal("Tag key must not be empty at line 1, column 7", error.Message);
    }

    [Fact]
    public void Query_errors_are_a_tag_api_exception_with_code_query_invalid()
    {
        var exception = Assert.Throws<SegmentQueryException>(() => SegmentQueryParser.Parse("cty = 'x' AND agee > 1"));

        Assert.Equal("query_invalid", exception.Code);
        Assert.Equal("Unknown field 'cty' at line 1, column 1; did you mean 'city'? (and 1 more error)", exception.Message);
        Assert.IsAssignableFrom<TagApi.Core.Common.TagApiException>(exception);
    }
}
