namespace TagApi.Core.Webhooks;

/// <summary>
/// How the dispatcher paces itself. The lease bounds how long deliveries claimed by an instance
/// that died stay untouched, so it is also the worst-case delay a crash adds to them.
/// </summary>
public sealed record WebhookDispatchSettings
{
    /// <summary>How long a claim holds a delivery before another dispatcher may take it.</summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How often an idle dispatcher looks for work written by other instances (its own writes wake it at once).</summary>
    public TimeSpan Poll { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Attempts in flight to one endpoint at a time, so a slow receiver only slows itself. An endpoint's throughput is
    /// at most this many attempts per round trip: at 4, a receiver answering in 4 ms (a loaded host, a distant one)
    /// could take no more than 1,000 events a second however fast the dispatcher is, and fell behind at that rate.
    /// </summary>
    public int PerEndpointConcurrency { get; init; } = 16;

    /// <summary>Deliveries claimed per round trip.</summary>
    public int BatchSize { get; init; } = 500;
}
