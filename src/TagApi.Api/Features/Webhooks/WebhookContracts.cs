using TagApi.Core.Common;
using TagApi.Core.Webhooks;

namespace TagApi.Api.Features.Webhooks;

/// <summary>A webhook endpoint (its secret is shown only when created or rotated).</summary>
/// <param name="Id">Opaque id (<c>whe_…</c>).</param>
/// <param name="Url">Where events are posted.</param>
/// <param name="Description">Free text.</param>
/// <param name="EventTypes">Subscribed types; empty for all.</param>
/// <param name="Enabled">Whether deliveries are made.</param>
/// <param name="DisabledReason">Why it was disabled automatically, if it was.</param>
/// <param name="Backlog">Deliveries still pending.</param>
/// <param name="CreatedAt">Creation time (UTC).</param>
/// <param name="UpdatedAt">Last change (UTC).</param>
public sealed record WebhookEndpointResponse(
    string Id, string Url, string? Description, IReadOnlyList<string> EventTypes, bool Enabled, string? DisabledReason, int Backlog, DateTime CreatedAt, DateTime UpdatedAt)
{
    public static WebhookEndpointResponse From(WebhookEndpoint e, int backlog) => new(
        PublicId.Encode(IdPrefixes.WebhookEndpoint, e.Id), e.Url, e.Description, e.EventTypes.Split(' ', StringSplitOptions.RemoveEmptyEntries),
        e.Enabled, e.DisabledReason, backlog, e.CreatedAt, e.UpdatedAt);
}

/// <summary>An endpoint with its signing secret: store it now, it is not shown again.</summary>
/// <param name="Endpoint">The endpoint.</param>
/// <param name="Secret">The Standard Webhooks signing secret (<c>whsec_…</c>).</param>
public sealed record WebhookEndpointWithSecretResponse(WebhookEndpointResponse Endpoint, string Secret);

/// <summary>One delivery attempt.</summary>
/// <param name="EventId">The event (<c>evt_…</c>).</param>
/// <param name="At">When (UTC).</param>
/// <param name="StatusCode">The receiver's HTTP status, if it answered.</param>
/// <param name="DurationMs">How long the attempt took.</param>
/// <param name="Error">What went wrong, if anything.</param>
public sealed record WebhookAttemptResponse(string EventId, DateTime At, int? StatusCode, int DurationMs, string? Error)
{
    public static WebhookAttemptResponse From(WebhookAttempt a) => new(PublicId.Encode(IdPrefixes.Event, a.EventId), a.At, a.StatusCode, a.DurationMs, a.Error);
}

/// <summary>What to deliver again: everything since a time, or after an event.</summary>
/// <param name="Since">Replay events that occurred at or after this time.</param>
/// <param name="After">Or replay events after this event id (<c>evt_…</c>).</param>
public sealed record ReplayRequest(DateTime? Since = null, string? After = null);

/// <summary>How many deliveries were queued.</summary>
/// <param name="Queued">Deliveries queued.</param>
public sealed record ReplayResponse(int Queued);

/// <summary>How the receiver answered a test event.</summary>
/// <param name="Delivered">True for a 2xx answer.</param>
/// <param name="StatusCode">The receiver's HTTP status, if it answered.</param>
/// <param name="DurationMs">How long it took.</param>
/// <param name="Error">What went wrong, if anything.</param>
public sealed record WebhookTestResponse(bool Delivered, int? StatusCode, int DurationMs, string? Error);
