namespace TagApi.Core.Idempotency;

/// <summary>How long outcomes are kept and claims hold (the host makes it from its <c>Idempotency</c> section).</summary>
public sealed record IdempotencySettings
{
    /// <summary>How long a stored outcome is replayed to retries of its request.</summary>
    public TimeSpan Retention { get; init; } = TimeSpan.FromHours(24);

    /// <summary>How long a running request's claim on its key holds; a crashed request's key is usable again after it.</summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromMinutes(2);
}
