using System.Text;
using TagApi.Core.Segments.Query;

namespace TagApi.Core.Tests.Segments;

/// <summary>Text size, predicate count and nesting depth are bounded, each with its own error.</summary>
public sealed class QueryLimitsTests
{
    [Fact]
    public void Text_of_exactly_ten_kilobytes_is_accepted()
    {
        var text = "tag = 'a'" + new string(' ', QueryLimits.MaxTextBytes - 9);

        Assert.Equal(QueryLimits.MaxTextBytes, Encoding.UTF8.GetByteCount(text));
        Assert.IsType<TagEquals>(Q.Parse(text));
    }

    [Fact]
    public void Text_over_ten_kilobytes_is_refused_where_the_limit_is_crossed()
    {
        // 13 bytes come first; 3,409 three-byte characters reach 10,240 bytes, and the 3,410th,
        // at column 3 + 3,410 of line 2, crosses the limit.
        var text = "tag = 'x'\n-- " + new string('价', 3410) + "\n";

        var error = Q.Error(text);

        Assert.Equal("Query text is longer than 10240 bytes (10 KB); the limit is reached at line 2, column 3413", error.Message);
        Assert.Equal((2, 3413), (error.Line, error.Column));
    }

    [Fact]
    public void One_hundred_predicates_are_accepted()
    {
        var text = string.Join(" OR ", Enumerable.Range(0, QueryLimits.MaxPredicates).Select(i => $"tag = 't{i}'"));

        Assert.Equal(100, ((OrNode)Q.Parse(text)).Operands.Count);
    }

    [Fact]
    public void The_hundred_and_first_predicate_is_refused_at_its_position()
    {
        var lines = Enumerable.Range(0, QueryLimits.MaxPredicates + 1).Select(i => $"tag = 't{i}'");
        var text = string.Join("\nOR ", lines);

        var error = Q.Error(text);

        Assert.Equal(
            "Query has more than 100 predicates; predicate 101 is at line 101, column 4; "
            + "move parts into saved segments and use segment = '...'",
            error.Message);
        Assert.Equal((101, 4), (error.Line, error.Column));
    }

    [Fact]
    public void Thirty_two_levels_of_nesting_are_accepted()
    {
        var text = new string('(', 31) + "NOT tag = 'a'" + new string(')', 31);

        Assert.IsType<NotNode>(Q.Parse(text));
    }

    [Fact]
    public void The_thirty_third_parenthesis_is_refused()
    {
        var text = new string('(', 33) + "tag = 'a'" + new string(')', 33);

        var error = Q.Error(text);

        Assert.Equal("Query nests deeper than 32 levels; level 33 starts at line 1, column 33", error.Message);
        Assert.Equal((1, 33), (error.Line, error.Column));
    }

    [Fact]
    public void A_chain_of_thirty_three_nots_is_refused()
    {
        var error = Q.Error(string.Concat(Enumerable.Repeat("NOT ", 33)) + "tag = 'a'");

        Assert.Equal("Query nests deeper than 32 levels; level 33 starts at line 1, column 129", error.Message);
    }

    [Fact]
    public void Levels_made_by_precedence_count_even_without_parentheses()
    {
        // Each "x OR y AND (...)" adds an OR and an AND level with one parenthesis.
        var text = "tag = 'leaf'";
        for (var i = 0; i < 17; i++)
        {
            text = $"tag = 'a' OR tag = 'b' AND ({text})";
        }

        // 17 parentheses, but 34 levels: the innermost OR (level 33) starts at the innermost "tag = 'a'".
        var error = Q.Error(text);

        var innermost = text.LastIndexOf("tag = 'a'", StringComparison.Ordinal) + 1;
        Assert.Equal($"Query nests deeper than 32 levels; level 33 starts at line 1, column {innermost}", error.Message);
    }
}
