using System.ComponentModel.DataAnnotations;
using TagApi.Api.Configuration;

namespace TagApi.Api.RateLimiting;

/// <summary>Token-bucket limits per API client and for the token endpoint, from the <c>RateLimiting</c> section.</summary>
public sealed class RateLimitOptions : ISettingsSection, IValidatableObject
{
    public static string SectionName => "RateLimiting";

    /// <summary>Sustained requests per second per API client (or per address before authentication).</summary>
    [Range(1, int.MaxValue)]
    public int PermitsPerSecond { get; set; } = 100;

    /// <summary>Bucket size: how many requests may arrive at once after a quiet spell.</summary>
    [Range(1, int.MaxValue)]
    public int Burst { get; set; } = 1000;

    /// <summary>Overrides per OAuth2 client id.</summary>
    public Dictionary<string, ClientRateLimit> Clients { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Limits of <c>POST /connect/token</c>.</summary>
    public TokenEndpointLimits Token { get; set; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (clientId, limit) in Clients)
        {
            if (limit.PermitsPerSecond is < 1 || limit.Burst is < 1)
            {
                yield return new ValidationResult($"RateLimiting:Clients:{clientId}: PermitsPerSecond and Burst are at least 1.", [nameof(Clients)]);
            }
        }

        foreach (var (name, bucket) in Token.Buckets())
        {
            if (bucket.Burst < 1 || bucket.PerMinute < 1)
            {
                yield return new ValidationResult($"RateLimiting:Token:{name}: Burst and PerMinute are at least 1.", [nameof(Token)]);
            }
        }
    }

    /// <summary>One client's own limits; an unset value takes the global one.</summary>
    public sealed class ClientRateLimit
    {
        /// <summary>This client's sustained requests per second.</summary>
        [SettingDefault("`RateLimiting:PermitsPerSecond`")]
        public int? PermitsPerSecond { get; set; }

        /// <summary>This client's bucket size.</summary>
        [SettingDefault("`RateLimiting:Burst`")]
        public int? Burst { get; set; }
    }
}

/// <summary>
/// The token endpoint's buckets. Every attempt is charged to its client id and to its source address; an attempt
/// that fails (wrong secret, unknown client, refused scope) is also charged to tighter failure buckets, so guessing
/// slows to a trickle while a client that gets its token right is never held up by someone else's failures.
/// </summary>
public sealed class TokenEndpointLimits
{
    /// <summary>Every attempt naming one client id.</summary>
    public BucketLimit Client { get; set; } = new() { Burst = 20, PerMinute = 60 };

    /// <summary>Every attempt from one source address.</summary>
    public BucketLimit Address { get; set; } = new() { Burst = 100, PerMinute = 300 };

    /// <summary>Failed attempts naming one client id.</summary>
    public BucketLimit ClientFailures { get; set; } = new() { Burst = 10, PerMinute = 10 };

    /// <summary>Failed attempts from one source address.</summary>
    public BucketLimit AddressFailures { get; set; } = new() { Burst = 30, PerMinute = 30 };

    public IEnumerable<(string Name, BucketLimit Bucket)> Buckets() =>
        [(nameof(Client), Client), (nameof(Address), Address), (nameof(ClientFailures), ClientFailures), (nameof(AddressFailures), AddressFailures)];
}

/// <summary>A token bucket: <see cref="Burst"/> at once, refilled at <see cref="PerMinute"/>.</summary>
public sealed class BucketLimit
{
    /// <summary>Attempts allowed at once after a quiet spell.</summary>
    public int Burst { get; set; }

    /// <summary>Attempts the bucket regains per minute.</summary>
    public int PerMinute { get; set; }
}
