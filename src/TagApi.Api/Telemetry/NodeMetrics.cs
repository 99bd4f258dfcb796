using System.Diagnostics.Metrics;
using TagApi.Api.Redis;
using TagApi.Core.Segments.Engine;
using TagApi.Core.Telemetry;

namespace TagApi.Api.Telemetry;

/// <summary>
/// Gauges read from the node's state when metrics are collected: each loaded tenant index's memory, the budget, and
/// whether rate limits are shared through Redis right now, and the requests running and waiting for a turn.
/// </summary>
/// <remarks>The meter comes from the host's factory, so that it goes when the host does.</remarks>
public sealed class NodeMetrics(SegmentEngine engine, RedisConnection redis, Fairness.TenantTurns turns, IMeterFactory meters) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var meter = meters.Create(TagApiTelemetry.Name);
        meter.CreateObservableGauge("tagapi.index.memory", IndexMemory, "By", "Memory held by each loaded tenant index.");
        meter.CreateObservableGauge("tagapi.index.memory.budget", () => engine.MemoryBudgetBytes, "By", "The node's index memory budget (0: none).");
        meter.CreateObservableGauge(
            "tagapi.ratelimit.shared", () => redis.Database is null ? 0L : 1L, "{state}", "1 while rate limits are shared through Redis, 0 while this node limits on its own.");
        meter.CreateObservableGauge("tagapi.turns.running", () => turns.Running, "{request}", "Requests holding a turn (with Fairness:ConcurrentRequests set).");
        meter.CreateObservableGauge("tagapi.turns.waiting", () => turns.Waiting, "{request}", "Requests waiting for a turn (with Fairness:ConcurrentRequests set).");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private IEnumerable<Measurement<long>> IndexMemory() =>
        engine.MemoryByTenant().Select(t => new Measurement<long>(t.Value, new KeyValuePair<string, object?>("tenant", t.Key)));
}
