using TagApi.Api.RateLimiting;
using TagApi.Api.Tests.Infrastructure;

namespace TagApi.Api.Tests.RateLimiting;

/// <summary>Buckets of callers that went quiet (addresses before authentication, above all) do not stay in memory.</summary>
public sealed class IdleBucketTests
{
    [Fact]
    public void Buckets_that_refilled_are_forgotten_at_the_next_sweep()
    {
        var clock = new TestClock();
        var table = new BucketTable(() => new BucketLimit { Burst = 5, PerMinute = 60 }, clock);
        for (var i = 0; i < 500; i++)
        {
            Assert.True(table.For($"ip:192.0.2.{i}").TryTake());
        }

        clock.Advance(BucketTable.IdleSweepInterval);
        var busy = table.For("ip:198.51.100.1");
        Assert.True(busy.TryTake());

        Assert.Equal(1, table.Count);
    }

    [Fact]
    public void A_bucket_still_refilling_is_kept()
    {
        var clock = new TestClock();
        var table = new BucketTable(() => new BucketLimit { Burst = 100, PerMinute = 1 }, clock);
        var drained = table.For("client:heavy");
        while (drained.TryTake())
        {
        }

        clock.Advance(BucketTable.IdleSweepInterval);
        _ = table.For("client:other");

        Assert.Same(drained, table.For("client:heavy"));
        Assert.False(drained.TryTake(2));
    }
}
