using TagApi.Core.Conditional;
using TagApi.Core.Tenancy;

namespace TagApi.Core.Webhooks;

/// <summary>Where a tenant wants its events delivered, and with which secret they are signed.</summary>
public sealed class WebhookEndpoint : ITenantOwned, IRevised
{
    /// <summary>Room for a secret's encrypted form (an encrypted <c>whsec_</c> secret takes under 200 characters).</summary>
    public const int StoredSecretMaxLength = 400;

    public long Id { get; set; }

    public long TenantId { get; set; }

    public required string Url { get; set; }

    public string? Description { get; set; }

    /// <summary>Subscribed event types, space separated; empty means every type.</summary>
    public string EventTypes { get; set; } = "";

    /// <summary>
    /// The signing secret (<c>whsec_</c> + base64) as stored: encrypted (see <see cref="IWebhookSecretProtector"/>), or in
    /// clear in a row written before secrets were encrypted.
    /// </summary>
    public required string Secret { get; set; }

    /// <summary>The secret before the last rotation, stored like <see cref="Secret"/>, still signing until <see cref="PreviousSecretUntil"/>.</summary>
    public string? PreviousSecret { get; set; }

    public DateTime? PreviousSecretUntil { get; set; }

    public bool Enabled { get; set; } = true;

    public string? DisabledReason { get; set; }

    /// <summary>Start of the current run of failed deliveries; cleared by a success.</summary>
    public DateTime? FailingSince { get; set; }

    /// <inheritdoc />
    public long Revision { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public bool Wants(string eventType) =>
        EventTypes.Length == 0 || EventTypes.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(eventType, StringComparer.Ordinal);
}
