using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using TagApi.Api.Auth;
using TagApi.Api.Common;
using TagApi.Api.Configuration;
using TagApi.Api.Features.Customers;
using TagApi.Api.Features.Rules;
using TagApi.Api.Features.Segments;
using TagApi.Api.Features.TagAssignments;
using TagApi.Api.Features.Webhooks;
using TagApi.Core.Webhooks;

namespace TagApi.Api;

/// <summary>Transport-level services of the REST API, and the background workers.</summary>
public static class ApiServices
{
    public static IServiceCollection AddTagApiWebhooks(this IServiceCollection services)
    {
        services.AddSingleton(sp => new WebhookUrlPolicy(sp.GetRequiredService<IOptions<WebhookOptions>>().Value.AllowPrivateDestinations));
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<WebhookOptions>>().Value;
            var timeout = TimeSpan.FromSeconds(options.TimeoutSeconds);
            // One long-lived client: no redirects (a redirect could lead inside the network), bounded time per attempt,
            // pooled connections recycled so DNS changes are seen.
            return new WebhookDispatcher(
                sp.GetRequiredService<IServiceScopeFactory>(),
                new HttpClient(new SocketsHttpHandler
                {
                    AllowAutoRedirect = false, UseCookies = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                    // A receiver that does not accept connections fails its attempt in seconds, not at the full timeout.
                    ConnectTimeout = TimeSpan.FromSeconds(Math.Min(5, timeout.TotalSeconds)),
                    // Receivers are outside parties: no trace context goes to them, and no per-attempt work to add it.
                    ActivityHeadersPropagator = null,
                }) { Timeout = timeout },
                sp.GetRequiredService<WebhookUrlPolicy>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<WebhookDispatchSettings>());
        });
        return services;
    }

    public static IServiceCollection AddTagApiHttp(this IServiceCollection services, ServerKeys keys)
    {
        services.AddTagApiJson();
        services.AddTagApiProblems();
        // Kestrel answers a request line over its limit with a bodiless 414 before any middleware runs; reading
        // longer lines lets UriLengthLimitMiddleware refuse the usual too-long URI with a problem instead.
        services.Configure<KestrelServerOptions>(o => o.Limits.MaxRequestLineSize = UriLengthLimitMiddleware.KestrelRequestLineLimit);
        services.AddExceptionHandler<TagApiExceptionHandler>();
        services.AddSingleton(new CursorCodec(keys.DeriveKey("cursor")));
        services.AddScoped<Paging>();
        services.AddScoped<CustomerResponseMapper>();
        services.AddScoped<SegmentMembers>();
        return services;
    }

    /// <summary>
    /// Every background worker of a node: expiry sweep, index follower, rule and membership workers, and the webhook
    /// dispatcher unless <c>Webhooks:DispatcherEnabled</c> is false (nodes without it still write deliveries).
    /// </summary>
    public static IServiceCollection AddTagApiBackgroundWork(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddHostedService<TagExpirySweeper>();
        services.AddHostedService<IndexFollowerService>();
        services.AddHostedService<RuleEvaluationService>();
        services.AddHostedService<SegmentMembershipService>();
        if (configuration.ReadSettings<WebhookOptions>().DispatcherEnabled)
        {
            services.AddHostedService<WebhookDispatcherService>();
        }

        return services;
    }
}
