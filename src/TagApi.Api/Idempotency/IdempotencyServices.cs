using TagApi.Api.Auth;

namespace TagApi.Api.Idempotency;

/// <summary>Registers idempotency keys (their <see cref="IdempotencyOptions"/> are bound with every other section): the sealing key and the middleware (the purge is a background worker, see ApiServices.AddTagApiBackgroundWork).</summary>
public static class IdempotencyServices
{
    public static IServiceCollection AddTagApiIdempotency(this IServiceCollection services, ServerKeys keys)
    {
        services.AddSingleton(new OutcomeProtector(keys.DeriveKey("idempotency")));
        return services;
    }

    /// <summary>After authentication and authorization: a key belongs to the client, and a refused request claims none.</summary>
    public static IApplicationBuilder UseIdempotencyKeys(this IApplicationBuilder app) => app.UseMiddleware<IdempotencyMiddleware>();
}
