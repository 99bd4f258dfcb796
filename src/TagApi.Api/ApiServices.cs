using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using TagApi.Api.Auth;
using TagApi.Api.Common;
using TagApi.Api.Configuration;
using TagApi.Api.Database;
using TagApi.Api.Features.BulkJobs;
using TagApi.Api.Features.Customers;
using TagApi.Api.Features.Rules;
using TagApi.Api.Features.Segments;
using TagApi.Api.Features.TagAssignments;
using TagApi.Api.Features.Webhooks;
using TagApi.Api.Idempotency;
using TagApi.Core.Webhooks;
using TagApi.Data;

namespace TagApi.Api;

/// <summary>Transport-level services of the REST API, and the background workers.</summary>
public static class ApiServices
{
    public static IServiceCollection AddTagApiWebhooks(this IServiceCollection services)
    {
        services.TryAddSingleton<IWebhookHostResolver, DnsWebhookHostResolver>();
        services.AddSingleton(sp => new WebhookUrlPolicy(
            sp.GetRequiredService<IOptions<WebhookOptions>>().Value.AllowPrivateDestinations, sp.GetRequiredService<IWebhookHostResolver>()));
        services.AddSingleton(sp =>
        {
            var urls = sp.GetRequiredService<WebhookUrlPolicy>();
            return new WebhookDispatcher(
                sp.GetRequiredService<IServiceScopeFactory>(),
                WebhookHttpClient.Create(urls, TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<WebhookOptions>>().Value.TimeoutSeconds)),
                urls,
                sp.GetRequiredService<IWebhookSecretProtector>(),
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
        services.AddSingleton<MemberRowCache>();
        return services;
    }

    /// <summary>
    /// Every background worker of a node: expiry sweep, index follower (and, on PostgreSQL, the commit broadcast that wakes it), rule and membership workers, the purge of
    /// expired idempotency records, the bulk job worker, the customer value refresh, the one-off
    /// encryption of webhook secrets still stored in clear, and the webhook dispatcher unless
    /// <c>Webhooks:DispatcherEnabled</c> is false (nodes without it still write deliveries).
    /// </summary>
    public static IServiceCollection AddTagApiBackgroundWork(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddHostedService<TagExpirySweeper>();
        services.AddHostedService<IndexFollowerService>();
        services.AddHostedService<IndexSnapshotService>();
        // Only where the database offers a channel between nodes (PostgreSQL); elsewhere followers poll.
        if (configuration.ReadSettings<DatabaseOptions>().ProviderKind() == DatabaseProvider.Postgres && configuration.ReadSettings<SegmentOptions>().AnnounceCommits)
        {
            services.AddHostedService<CommitBroadcastService>();
        }
        services.AddHostedService<RuleEvaluationService>();
        services.AddHostedService<SegmentMembershipService>();
        services.AddHostedService<WebhookSecretEncryptionService>();
        services.AddHostedService<IdempotencyPurgeService>();
        services.AddHostedService<BulkJobWorker>();
        services.AddHostedService<Features.Value.CustomerValueRefreshService>();
        if (configuration.ReadSettings<WebhookOptions>().DispatcherEnabled)
        {
            services.AddHostedService<WebhookDispatcherService>();
        }

        return services;
    }
}
