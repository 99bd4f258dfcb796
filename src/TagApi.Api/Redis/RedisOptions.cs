using System.ComponentModel.DataAnnotations;
using TagApi.Api.Configuration;

namespace TagApi.Api.Redis;

/// <summary>
/// The Redis server that nodes share (the <c>Redis</c> section): with it, a client's rate-limit bucket is one
/// bucket across every node; without it, each node keeps its own.
/// </summary>
public sealed class RedisOptions : ISettingsSection
{
    public static string SectionName => "Redis";

    /// <summary>A StackExchange.Redis configuration string (<c>host:port</c>, options after commas); empty means no Redis.</summary>
    [SettingDefault("(none)")]
    public string? Configuration { get; set; }

    /// <summary>Prefix of every key TagApi writes, so that several deployments can share one Redis.</summary>
    [Required]
    [MinLength(1)]
    public string KeyPrefix { get; set; } = "tagapi:";

    /// <summary>
    /// How long a call may wait for Redis before the node answers from its own buckets instead (and reports
    /// itself degraded), in milliseconds; also the connect timeout.
    /// </summary>
    [Range(10, 60_000)]
    public int TimeoutMilliseconds { get; set; } = 500;
}
