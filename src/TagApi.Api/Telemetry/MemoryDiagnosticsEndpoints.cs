using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
using TagApi.Core.Segments.Engine;

namespace TagApi.Api.Telemetry;

/// <summary>
/// The node's memory as benchmarks and capacity tests need it (<see cref="TelemetryOptions.MemoryDiagnostics"/>): the
/// live heap after a forced full collection, so an index's real footprint can be set against its report, and a way
/// to drop every loaded index to measure the heap without them. Off by default and left out of the API description.
/// </summary>
public static class MemoryDiagnosticsEndpoints
{
    public static IEndpointRouteBuilder MapMemoryDiagnostics(this IEndpointRouteBuilder app)
    {
        if (!app.ServiceProvider.GetRequiredService<IOptions<TelemetryOptions>>().Value.MemoryDiagnostics)
        {
            return app;
        }

        app.MapGet("/diagnostics/memory", (SegmentEngine engine) => TypedResults.Ok(Measure(engine))).AllowAnonymous().ExcludeFromDescription();
        // Resolved now, so pauses are recorded from the start.
        var pauses = app.ServiceProvider.GetRequiredService<GcPauseRecorder>();
        app.MapGet("/diagnostics/gc-pauses", (long? after) => TypedResults.Ok(new GcPauses(pauses.Recorded, pauses.Since(after ?? 0))))
            .AllowAnonymous().ExcludeFromDescription();
        app.MapPost("/diagnostics/memory/evict", (SegmentEngine engine) =>
        {
            EvictAll(engine);
            return TypedResults.Ok(Measure(engine));
        }).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    // A frame of its own, gone before the collection: code the JIT has not optimised yet keeps every local of a
    // frame alive to its end, and the loop's last element is the index being dropped.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void EvictAll(SegmentEngine engine)
    {
        foreach (var (tenantId, _) in engine.LoadedIndexes())
        {
            engine.Evict(tenantId);
        }
    }

    private static MemoryDiagnostics Measure(SegmentEngine engine)
    {
        // Twice: finalizers run after the first collection can free more for the second.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        var live = GC.GetTotalMemory(forceFullCollection: true);
        var info = GC.GetGCMemoryInfo(GCKind.FullBlocking);
        var any = GC.GetGCMemoryInfo(GCKind.Any);
        var indexes = engine.LoadedIndexes().Select(i => new IndexMemory(
            i.TenantId, i.Index.Current.CustomerCount, i.Index.Current.MemoryBytes, i.Index.Current.ActivityMemoryBytes, i.Index.BuildPhases)).ToList();
        return new MemoryDiagnostics(
            live, info.HeapSizeBytes, info.FragmentedBytes, info.TotalCommittedBytes, Environment.WorkingSet, System.Runtime.GCSettings.IsServerGC,
            System.Runtime.GCSettings.LatencyMode.ToString(), any.TotalAvailableMemoryBytes, GC.GetTotalPauseDuration().TotalMilliseconds,
            GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), indexes);
    }
}

/// <summary>Garbage collection pauses: how many were recorded in all, and those after the number asked for.</summary>
public sealed record GcPauses(long Recorded, IReadOnlyList<GcPause> Pauses);

/// <summary>The node's memory after a forced full collection.</summary>
public sealed record MemoryDiagnostics(
    long LiveHeapBytes, long HeapSizeBytes, long FragmentedBytes, long CommittedBytes, long WorkingSetBytes, bool ServerGc, string LatencyMode,
    long AvailableMemoryBytes, double TotalPauseMilliseconds, int Gen0Collections, int Gen1Collections, int Gen2Collections, IReadOnlyList<IndexMemory> Indexes);

/// <summary>One loaded tenant index: its report and the phases of its build.</summary>
public sealed record IndexMemory(long TenantId, long Customers, long MemoryBytes, long ActivityMemoryBytes, IReadOnlyList<IndexBuildPhase> BuildPhases);
