using TagApi.Core.Segments.Query;

namespace TagApi.Core.Tests.Segments;

/// <summary>The "did you mean" distance: Damerau–Levenshtein with a length-dependent cut-off.</summary>
public sealed class SuggestingNamesTests
{
    [Theory]
    [InlineData("cty", "city", 1)]
    [InlineData("vpi", "vip", 1)]
    [InlineData("lastOrdrAt", "lastOrderAt", 1)]
    [InlineData("cnt", "count", 2)]
    [InlineData("abc", "abc", 0)]
    [InlineData("", "abc", 3)]
    public void Distance_counts_swaps_as_one_edit(string a, string b, int expected)
    {
        Assert.Equal(expected, NameSuggester.Distance(a, b));
    }

    [Fact]
    public void Closest_prefers_the_smallest_distance_then_the_alphabetically_first_name()
    {
        Assert.Equal("city", NameSuggester.Closest("cty", ["country", "city", "cat"]));
        Assert.Equal("bat", NameSuggester.Closest("cat", ["hat", "bat"]));
        Assert.Null(NameSuggester.Closest("x", ["city"]));
        Assert.Equal("VIP", NameSuggester.Closest("vip", ["VIP"]));
    }
}
