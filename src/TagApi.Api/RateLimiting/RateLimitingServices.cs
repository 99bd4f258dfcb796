namespace TagApi.Api.RateLimiting;

public static class RateLimitingServices
{
    /// <summary>The per-client buckets (shared through Redis when configured) and the token endpoint's; their limits are <see cref="RateLimitOptions"/>.</summary>
    public static IServiceCollection AddTagApiRateLimiting(this IServiceCollection services)
    {
        services.AddSingleton<Redis.RedisConnection>();
        services.AddSingleton<SharedBuckets>();
        services.AddSingleton<ClientRateLimiters>();
        services.AddSingleton<TokenEndpointLimiter>();
        return services;
    }
}
