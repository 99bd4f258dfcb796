using System.Text.Json;

namespace TagApi.Client.Webhooks;

/// <summary>
/// A verified webhook body: <c>{ "id": "evt_…", "type": "…", "occurredAt": "…", "data": { … } }</c>.
/// Match on <see cref="WebhookEvent{TData}"/> for the typed <c>data</c>; <see cref="RawData"/> always holds it as sent.
/// </summary>
public abstract record WebhookEvent
{
    /// <summary>The event's id, also the <c>webhook-id</c> header; the same on every retry, so deduplicate by it.</summary>
    public required string Id { get; init; }

    /// <summary>The event type (see <see cref="WebhookEventTypes"/>); types added later arrive as <see cref="WebhookEvent{TData}"/> of <see cref="JsonElement"/>.</summary>
    public required string Type { get; init; }

    /// <summary>When the change happened (UTC).</summary>
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>The <c>data</c> member exactly as sent.</summary>
    public required JsonElement RawData { get; init; }
}

/// <summary>A webhook event with its typed <c>data</c>.</summary>
/// <typeparam name="TData">The data type of <see cref="WebhookEvent.Type"/> (see <see cref="WebhookEventTypes.DataTypeOf"/>).</typeparam>
public sealed record WebhookEvent<TData> : WebhookEvent
{
    /// <summary>The event's data.</summary>
    public required TData Data { get; init; }
}
