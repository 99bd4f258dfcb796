using Microsoft.Extensions.Options;
using TagApi.Api.Auth;
using TagApi.Core.Idempotency;

namespace TagApi.Api.Idempotency;

/// <summary>Registers idempotency keys: their settings, the purge, the middleware.</summary>
public static class IdempotencyServices
{
    public static IServiceCollection AddTagApiIdempotency(this IServiceCollection services, IConfiguration configuration, ServerKeys keys)
    {
        services.AddSingleton(new OutcomeProtector(keys.DeriveKey("idempotency")));
        services.AddOptions<IdempotencyOptions>().Bind(configuration.GetSection(IdempotencyOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<IdempotencyOptions>>().Value.Settings());
        services.AddHostedService<IdempotencyPurgeService>();
        return services;
    }

    /// <summary>After authentication and authorization: a key belongs to the client, and a refused request claims none.</summary>
    public static IApplicationBuilder UseIdempotencyKeys(this IApplicationBuilder app) => app.UseMiddleware<IdempotencyMiddleware>();
}
