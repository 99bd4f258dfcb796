using TagApi.Core.Tenancy;

namespace TagApi.Core.Idempotency;

/// <summary>
/// One <c>Idempotency-Key</c> of one API client: first a claim on it while the request runs (<see cref="Owner"/>, with a
/// lease), then the request's stored outcome, replayed to a retry of the same request until <see cref="ExpiresAt"/>.
/// </summary>
public sealed class IdempotencyRecord : ITenantOwned
{
    public const int KeyMaxLength = 255;
    public const int ClientIdMaxLength = 100;

    public long Id { get; set; }

    public long TenantId { get; set; }

    /// <summary>The client that sent the key: keys are the client's own, never shared with another client.</summary>
    public required string ClientId { get; set; }

    public required string Key { get; set; }

    /// <summary>SHA-256 (hex) of the request: method, path and query, canonical body.</summary>
    public required string Fingerprint { get; set; }

    /// <summary>The claim of the request running now; null once its outcome is stored.</summary>
    public string? Owner { get; set; }

    /// <summary>Until when the claim holds; a claim that lapsed (its request crashed) may be taken over.</summary>
    public DateTime? LeaseUntil { get; set; }

    /// <summary>The stored outcome's HTTP status; null while the request runs.</summary>
    public int? Status { get; set; }

    /// <summary>The stored outcome's replayed headers (<c>Content-Type</c>, <c>Location</c>, <c>ETag</c>), as a JSON object.</summary>
    public string? Headers { get; set; }

    /// <summary>The stored outcome's body, byte for byte.</summary>
    public byte[]? Body { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>When the record is forgotten; after it the key may be used for a new request.</summary>
    public DateTime ExpiresAt { get; set; }
}
