using TagApi.Core.Common;

namespace TagApi.Core.Webhooks;

/// <summary>Writable fields of a webhook endpoint; unset members keep their value.</summary>
public sealed record WebhookEndpointInput
{
    public Optional<string> Url { get; init; }

    public Optional<string?> Description { get; init; }

    /// <summary>Event types to receive; empty or absent for all.</summary>
    public Optional<IReadOnlyList<string>?> EventTypes { get; init; }

    public Optional<bool> Enabled { get; init; }
}
