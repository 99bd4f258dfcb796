using TagApi.Core.Segments.Query;

namespace TagApi.Core.Tests.Segments;

/// <summary>Names in a parsed query are checked against the tenant's tags, categories and segments.</summary>
public sealed class BindingQueryNamesTests
{
    private static readonly SegmentQueryCatalog Catalog = new(
        tagKeys: ["vip", "high_value", "churned", "electronics", "loyal", "new_customer", "Potential"],
        categoryKeys: ["basic", "behavior", "lifecycle", "value", "source", "custom"],
        segmentKeys: ["big_spenders", "dormant"]);

    [Fact]
    public void Known_names_bind_without_errors()
    {
        var query = Q.Parse("tag IN ('vip', 'potential') AND category.lifecycle = 'loyal' AND tag UNDER 'electronics' OR segment = 'big_spenders'");

        Assert.Empty(SegmentQueryBinder.Validate(query, Catalog));
    }

    [Fact]
    public void Unknown_tag_reports_position_and_suggestion()
    {
        var query = Q.Parse("city = 'x' AND\n  tag = 'hgih_value'");

        var error = Assert.Single(SegmentQueryBinder.Validate(query, Catalog));

        Assert.Equal("Unknown tag 'hgih_value' at line 2, column 3; did you mean 'high_value'?", error.Message);
        Assert.Equal((2, 3), (error.Line, error.Column));
        Assert.Equal(("hgih_value", "high_value"), (error.Unknown, error.Suggestion));
    }

    [Fact]
    public void Unknown_category_and_segment_are_reported_with_suggestions()
    {
        var query = Q.Parse("category.lifecyle IS NULL OR segment = 'big_spender'");

        var errors = SegmentQueryBinder.Validate(query, Catalog);

        Assert.Equal(
            [
                "Unknown category 'lifecyle' at line 1, column 1; did you mean 'lifecycle'?",
                "Unknown segment 'big_spender' at line 1, column 30; did you mean 'big_spenders'?",
            ],
            errors.Select(e => e.Message));
    }

    [Fact]
    public void Each_unknown_key_of_a_tag_list_is_reported()
    {
        var query = Q.Parse("tag IN ('vpi', 'loyal', 'zzz')");

        var errors = SegmentQueryBinder.Validate(query, Catalog);

        Assert.Equal(
            ["Unknown tag 'vpi' at line 1, column 1; did you mean 'vip'?", "Unknown tag 'zzz' at line 1, column 1"],
            errors.Select(e => e.Message));
        Assert.Null(errors[1].Suggestion);
    }

    [Fact]
    public void Category_equals_checks_both_the_category_and_the_tag()
    {
        var query = Q.Parse("category.stage = 'loyl'");

        var errors = SegmentQueryBinder.Validate(query, Catalog);

        Assert.Equal(
            ["Unknown category 'stage' at line 1, column 1", "Unknown tag 'loyl' at line 1, column 1; did you mean 'loyal'?"],
            errors.Select(e => e.Message));
    }

    [Fact]
    public void Keys_match_the_catalog_ignoring_case()
    {
        var query = Q.Parse("tag = 'POTENTIAL' AND segment = 'Dormant'");

        Assert.Empty(SegmentQueryBinder.Validate(query, Catalog));
    }

    [Fact]
    public void Queries_built_by_code_are_reported_without_a_position()
    {
        var error = Assert.Single(SegmentQueryBinder.Validate(new TagEquals("gold"), Catalog));

        Assert.Equal("Unknown tag 'gold'", error.Message);
        Assert.Equal((0, 0), (error.Line, error.Column));
    }

    [Fact]
    public void Ensure_valid_throws_with_every_unknown_name()
    {
        var query = Q.Parse("tag = 'a' OR tag = 'b'");

        var exception = Assert.Throws<SegmentQueryException>(() => SegmentQueryBinder.EnsureValid(query, Catalog));

        Assert.Equal(2, exception.Errors.Count);
        Assert.Equal("query_invalid", exception.Code);
    }

    [Fact]
    public void References_list_each_tag_category_and_segment_once_in_order()
    {
        var query = Q.Parse(
            "tag = 'vip' AND NOT (tag IN ('loyal', 'vip') OR tag UNDER 'electronics') AND tag != 'churned' "
            + "AND category.value = 'high_value' AND category.lifecycle IS NOT NULL AND segment = 'dormant' OR segment = 'big_spenders'");

        var references = QueryReferences.Of(query);

        Assert.Equal(["churned", "electronics", "high_value", "loyal", "vip"], references.TagKeys);
        Assert.Equal(["lifecycle", "value"], references.CategoryKeys);
        Assert.Equal(["big_spenders", "dormant"], references.SegmentKeys);
    }

    [Fact]
    public void A_query_without_names_references_nothing()
    {
        var references = QueryReferences.Of(Q.Parse("age > 3 AND count(visit, 7d) > 1 OR true"));

        Assert.Equal(new QueryReferences([], [], []), references);
    }
}
