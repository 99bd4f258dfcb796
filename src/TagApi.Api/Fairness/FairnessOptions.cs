using System.ComponentModel.DataAnnotations;
using TagApi.Api.Configuration;

namespace TagApi.Api.Fairness;

/// <summary>
/// Turns between tenants on a busy node, from the <c>Fairness</c> section: how many requests the node works on at once,
/// and how many of one tenant's may wait. Requests beyond the limit wait, and the next free turn goes to the next tenant
/// in rotation, so one tenant's many connections cannot crowd out the others.
/// </summary>
public sealed class FairnessOptions : ISettingsSection
{
    public static string SectionName => "Fairness";

    /// <summary>
    /// Requests this node works on at once, all tenants together (0: no limit, nothing waits). A few per processor core
    /// keeps the cores busy while the rest wait their turn.
    /// </summary>
    [Range(0, 1_000_000)]
    public int ConcurrentRequests { get; set; }

    /// <summary>Requests of one tenant that may wait for a turn; one more is refused with 429 <c>concurrency_limited</c>.</summary>
    [Range(0, 1_000_000)]
    public int QueuePerTenant { get; set; } = 1000;

    /// <summary>The longest a request waits for its turn before it is refused with 429 <c>concurrency_limited</c>.</summary>
    [Range(0.001, 3600)]
    public double MaxWaitSeconds { get; set; } = 30;
}
