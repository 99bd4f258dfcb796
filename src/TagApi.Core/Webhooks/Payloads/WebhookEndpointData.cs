namespace TagApi.Core.Webhooks.Payloads;

/// <summary>The <c>data</c> of <c>webhook_endpoint.disabled</c>: the dispatcher switched an endpoint off.</summary>
/// <param name="Endpoint">The endpoint.</param>
/// <param name="Reason">Why (410 Gone, or failing for days).</param>
public sealed record WebhookEndpointDisabledData(EndpointReference Endpoint, string? Reason);

/// <summary>The <c>data</c> of <c>webhook_endpoint.test</c>, the signed ping sent on request and never stored.</summary>
/// <param name="Endpoint">The endpoint pinged.</param>
public sealed record WebhookEndpointTestData(IdReference Endpoint);
