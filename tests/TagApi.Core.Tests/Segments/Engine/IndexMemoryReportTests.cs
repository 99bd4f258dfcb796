using TagApi.Core.Segments.Engine;
using Xunit.Abstractions;

namespace TagApi.Core.Tests.Segments.Engine;

/// <summary>Measures the heap alone: other tests allocating at the same time would blur the difference.</summary>
[CollectionDefinition(nameof(HeapMeasurement), DisableParallelization = true)]
public sealed class HeapMeasurement;

[Collection(nameof(HeapMeasurement))]
public sealed class Reporting_the_index_memory(ITestOutputHelper output)
{
    private const int Customers = 80_000;

    [Fact]
    public void The_reported_memory_is_within_a_fifth_of_the_heap_the_index_keeps_alive()
    {
        var before = LiveHeap();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var index = IndexMemoryTenant.Build(Customers, activitiesEach: 5, seed: 7);
        output.WriteLine($"built in {clock.ElapsedMilliseconds} ms");
        var after = LiveHeap();
        var snapshot = index.Current;
        var reported = snapshot.MemoryBytes;
        var held = after - before;
        output.WriteLine($"held {held:N0} B ({held / (double)Customers:N1} B/customer), reported {reported:N0} B, " +
            $"of which activities {snapshot.ActivityMemoryBytes:N0} B; ratio {reported / (double)held:N3}");
        GC.KeepAlive(index);

        Assert.InRange(reported, held * 0.8, held * 1.2);
    }

    private static long LiveHeap()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
