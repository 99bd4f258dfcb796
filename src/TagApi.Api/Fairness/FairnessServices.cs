using Microsoft.Extensions.Options;

namespace TagApi.Api.Fairness;

public static class FairnessServices
{
    /// <summary>The node's turns between tenants (<see cref="FairnessOptions"/>; off unless a limit is set).</summary>
    public static IServiceCollection AddTagApiFairness(this IServiceCollection services) =>
        services.AddSingleton(sp => new TenantTurns(sp.GetRequiredService<IOptions<FairnessOptions>>().Value));

    /// <summary>After authentication and the rate limit: a request refused for its rate takes no turn.</summary>
    public static IApplicationBuilder UseTenantTurns(this IApplicationBuilder app) => app.UseMiddleware<TurnsMiddleware>();
}
