namespace TagApi.Client;

/// <summary>
/// Headers for the calls made through <see cref="TagApiClient.With(TagApiRequestOptions)"/>: conditional
/// requests and an idempotency key of your own (otherwise every write gets a fresh one automatically).
/// </summary>
public sealed record TagApiRequestOptions
{
    /// <summary>
    /// Sent as <c>Idempotency-Key</c> on writes. Use one per logical operation (an order id, say) to make a
    /// write safe to repeat across process restarts; within one call the SDK already reuses its key on retries.
    /// </summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>Sent as <c>If-Match</c>: the write fails with 412 <c>precondition_failed</c> when the resource changed.</summary>
    public string? IfMatch { get; init; }

    /// <summary>Sent as <c>If-None-Match</c> on reads.</summary>
    public string? IfNoneMatch { get; init; }
}
