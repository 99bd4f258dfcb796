using TagApi.Core.Segments.Engine;
using TagApi.Core.Segments.Index;
using TagApi.Core.Segments.Query;
using TagApi.Core.Value;

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

    [Theory]
    [InlineData("pAlive < 0.3")]
    [InlineData("tag = 'a' AND predictedClv365d > 500 AND totalSpent > 1000")]
    public void A_query_on_predictions_is_compiled_once_per_value_model_and_day(string text)
    {
        var cache = new PlanCache();
        var compiled = 0;
        var (model, other) = (Model(), Model());
        var now = new DateTime(2026, 12, 6, 10, 0, 0, DateTimeKind.Utc);

        var first = cache.GetOrCompile(SegmentQueryParser.Parse(text), _ => Compile(ref compiled), () => new ValueStamp(model, now));
        var sameDay = cache.GetOrCompile(SegmentQueryParser.Parse(text), _ => Compile(ref compiled), () => new ValueStamp(model, now.AddHours(13)));
        cache.GetOrCompile(SegmentQueryParser.Parse(text), _ => Compile(ref compiled), () => new ValueStamp(model, now.AddDays(1)));
        cache.GetOrCompile(SegmentQueryParser.Parse(text), _ => Compile(ref compiled), () => new ValueStamp(other, now));

        Assert.Same(first, sameDay);
        Assert.Equal(3, compiled);
    }

    [Theory]
    [InlineData("pAlive < 0.3 AND recencyDays > 30")]
    [InlineData("rfm.segment = 'at_risk'")]
    public void A_query_on_clock_bound_value_fields_is_compiled_every_time(string text)
    {
        var cache = new PlanCache();
        var compiled = 0;
        var model = Model();
        var now = new DateTime(2026, 12, 6, 10, 0, 0, DateTimeKind.Utc);

        cache.GetOrCompile(SegmentQueryParser.Parse(text), _ => Compile(ref compiled), () => new ValueStamp(model, now));
        cache.GetOrCompile(SegmentQueryParser.Parse(text), _ => Compile(ref compiled), () => new ValueStamp(model, now));

        Assert.Equal(2, compiled);
    }

    private static TenantValueModel Model() => new() { ComputedAt = DateTime.UnixEpoch, Version = 1, Settings = new CustomerValueSettings() };

    private BitmapQuery Compile(ref int compiled)
    {
        compiled++;
        return _evaluator.Compile(BitmapExpression.All);
    }
}
