namespace TagApi.Api.RateLimiting;

public static class RateLimitingServices
{
    public static IServiceCollection AddTagApiRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<RateLimitOptions>(configuration.GetSection("RateLimiting"));
        services.AddSingleton<ClientRateLimiters>();
        return services;
    }
}
