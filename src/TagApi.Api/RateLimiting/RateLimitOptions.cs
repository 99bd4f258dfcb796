namespace TagApi.Api.RateLimiting;

/// <summary>Token-bucket limits: <c>RateLimiting:PermitsPerSecond</c>, <c>RateLimiting:Burst</c>, and per client <c>RateLimiting:Clients:{clientId}:…</c>.</summary>
public sealed class RateLimitOptions
{
    /// <summary>Sustained requests per second.</summary>
    public int PermitsPerSecond { get; set; } = 100;

    /// <summary>Bucket size: how many requests may arrive at once after a quiet spell.</summary>
    public int Burst { get; set; } = 1000;

    /// <summary>Overrides per OAuth2 client id.</summary>
    public Dictionary<string, ClientRateLimit> Clients { get; set; } = new(StringComparer.Ordinal);

    public sealed class ClientRateLimit
    {
        public int? PermitsPerSecond { get; set; }

        public int? Burst { get; set; }
    }
}
