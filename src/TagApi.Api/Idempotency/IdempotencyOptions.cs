using System.ComponentModel.DataAnnotations;
using TagApi.Api.Configuration;
using TagApi.Core.Idempotency;

namespace TagApi.Api.Idempotency;

/// <summary>Idempotency keys, from the <c>Idempotency</c> section.</summary>
public sealed class IdempotencyOptions : ISettingsSection
{
    public static string SectionName => "Idempotency";

    /// <summary>How long a request's stored outcome is replayed to retries with its key, in hours.</summary>
    [Range(1, 24 * 30)]
    public int RetentionHours { get; set; } = 24;

    /// <summary>How long a running request holds its key, in seconds; a crashed request's key is usable again after it.</summary>
    [Range(5, 3600)]
    public int LeaseSeconds { get; set; } = 120;

    /// <summary>How often records past their retention are deleted, in seconds.</summary>
    [Range(1, 86_400)]
    public int PurgeSeconds { get; set; } = 3600;

    /// <summary>Core's settings record.</summary>
    public IdempotencySettings Settings() => new() { Retention = TimeSpan.FromHours(RetentionHours), Lease = TimeSpan.FromSeconds(LeaseSeconds) };
}
