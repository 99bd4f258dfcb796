using TagApi.Core.Tenancy;

namespace TagApi.Core.Webhooks;

/// <summary>One event owed to one endpoint, retried until it succeeds or its retry window closes.</summary>
public sealed class WebhookDelivery : ITenantOwned
{
    public long Id { get; set; }

    public long TenantId { get; set; }

    public long EndpointId { get; set; }

    public long EventId { get; set; }

    public Event? Event { get; set; }

    public DeliveryStatus Status { get; set; }

    public int Attempts { get; set; }

    public DateTime NextAttemptAt { get; set; }

    /// <summary>A dispatcher holds the delivery until then; after it, another may claim it.</summary>
    public DateTime? ClaimedUntil { get; set; }

    public int? LastStatusCode { get; set; }

    public string? LastError { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? CompletedAt { get; set; }
}

public enum DeliveryStatus
{
    Pending,
    Succeeded,
    Failed,
}

/// <summary>One HTTP attempt of a delivery, kept for the deliveries log.</summary>
public sealed class WebhookAttempt
{
    public long Id { get; set; }

    public long TenantId { get; set; }

    public long DeliveryId { get; set; }

    public long EndpointId { get; set; }

    public long EventId { get; set; }

    public DateTime At { get; set; }

    public int? StatusCode { get; set; }

    public int DurationMs { get; set; }

    public string? Error { get; set; }
}
