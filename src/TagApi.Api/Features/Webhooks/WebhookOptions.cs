using System.ComponentModel.DataAnnotations;
using TagApi.Api.Configuration;
using TagApi.Core.Webhooks;

namespace TagApi.Api.Features.Webhooks;

/// <summary>Webhook destinations and delivery, from the <c>Webhooks</c> section.</summary>
public sealed class WebhookOptions : ISettingsSection
{
    private static readonly WebhookDispatchSettings Defaults = new();

    public static string SectionName => "Webhooks";

    /// <summary>Allow plain http:// and loopback, private or link-local destinations (development and tests only).</summary>
    public bool AllowPrivateDestinations { get; set; }

    /// <summary>The longest one delivery attempt may take, connection included.</summary>
    [Range(1, 300)]
    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>How long a claim holds a delivery before another dispatcher may take it: the worst-case delay a crashed node adds to its deliveries.</summary>
    [Range(1, 86_400)]
    public double LeaseSeconds { get; set; } = Defaults.Lease.TotalSeconds;

    /// <summary>How often an idle dispatcher looks for deliveries written by other nodes (its own writes wake it at once).</summary>
    [Range(1, 3_600_000)]
    public double PollMilliseconds { get; set; } = Defaults.Poll.TotalMilliseconds;

    /// <summary>Attempts in flight to one endpoint at a time, so a slow receiver only slows itself.</summary>
    [Range(1, 1024)]
    public int PerEndpointConcurrency { get; set; } = Defaults.PerEndpointConcurrency;

    /// <summary>Run the delivery worker on this node. Nodes with it off still write deliveries for the others to send.</summary>
    public bool DispatcherEnabled { get; set; } = true;

    /// <summary>The dispatcher's settings.</summary>
    public WebhookDispatchSettings Dispatch() => new()
    {
        Lease = TimeSpan.FromSeconds(LeaseSeconds),
        Poll = TimeSpan.FromMilliseconds(PollMilliseconds),
        PerEndpointConcurrency = PerEndpointConcurrency,
    };
}
