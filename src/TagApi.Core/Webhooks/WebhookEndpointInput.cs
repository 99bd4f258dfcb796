using TagApi.Core.Common;

namespace TagApi.Core.Webhooks;

/// <summary>Writable fields of a webhook endpoint; unset members keep their value.</summary>
public sealed record WebhookEndpointInput
{
    /// <summary>Where events are posted (http or https; private addresses only when allowed by the server).</summary>
    public Optional<string> Url { get; init; }

    /// <summary>Free text; null clears it.</summary>
    public Optional<string?> Description { get; init; }

    /// <summary>Event types to receive; empty or absent for all.</summary>
    public Optional<IReadOnlyList<string>?> EventTypes { get; init; }

    /// <summary>Enable or disable deliveries.</summary>
    public Optional<bool> Enabled { get; init; }
}
