using TagApi.Core.Segments.Engine;
using TagApi.Core.Segments.Index;
using TagApi.Core.Segments.Query;

namespace TagApi.Core.Tests.Segments.Engine;

public sealed class PlanCacheTests
{
    private readonly BitmapEvaluator _evaluator = new(RoaringBitmap.FromSorted([1, 2, 3]));

    [Theory]
    [InlineData("tag = 'a' AND totalSpent > 1000")]
    [InlineData("city IN ('Shanghai', 'Beijing') OR attributes.vipLevel >= 3")]
    public void A_query_that_reads_only_the_index_is_compiled_once(string text)
    {
        var cache = new PlanCache();
        var compiled = 0;

        var first = cache.GetOrCompile(SegmentQueryParser.Parse(text), _ => Compile(ref compiled));
        var second = cache.GetOrCompile(SegmentQueryParser.Parse(text), _ => Compile(ref compiled));

        Assert.Same(first, second);
        Assert.Equal(1, compiled);
    }

    [Theory]
    [InlineData("lastOrderAt > -30d")]
    [InlineData("createdAt >= today")]
    [InlineData("age BETWEEN 18 AND 25")]
    [InlineData("count(purchase, 30d) >= 2")]
    [InlineData("tag = 'a' AND segment = 'big_spenders'")]
    public void A_query_that_reads_the_clock_or_a_saved_segment_is_compiled_every_time(string text)
    {
        var cache = new PlanCache();
        var compiled = 0;

        cache.GetOrCompile(SegmentQueryParser.Parse(text), _ => Compile(ref compiled));
        cache.GetOrCompile(SegmentQueryParser.Parse(text), _ => Compile(ref compiled));

        Assert.Equal(2, compiled);
    }

    private BitmapQuery Compile(ref int compiled)
    {
        compiled++;
        return _evaluator.Compile(BitmapExpression.All);
    }
}
