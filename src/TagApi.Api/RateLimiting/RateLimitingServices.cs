namespace TagApi.Api.RateLimiting;

public static class RateLimitingServices
{
    /// <summary>The per-client buckets and the token endpoint's; their limits are <see cref="RateLimitOptions"/>.</summary>
    public static IServiceCollection AddTagApiRateLimiting(this IServiceCollection services)
    {
        services.AddSingleton<ClientRateLimiters>();
        services.AddSingleton<TokenEndpointLimiter>();
        return services;
    }
}
