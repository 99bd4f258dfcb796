using Microsoft.Extensions.DependencyInjection.Extensions;
using TagApi.Api.Auth;
using TagApi.Api.Common;
using TagApi.Api.Features.Customers;
using TagApi.Api.Features.TagAssignments;
using TagApi.Core.Segments.Membership;
using TagApi.Core.Webhooks;

namespace TagApi.Api;

/// <summary>Transport-level services of the REST API.</summary>
public static class ApiServices
{
    public static IServiceCollection AddTagApiWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton<IWebhookHostResolver, DnsWebhookHostResolver>();
        services.AddSingleton(sp => new WebhookUrlPolicy(
            configuration.GetValue("Webhooks:AllowPrivateDestinations", false), sp.GetRequiredService<IWebhookHostResolver>()));
        var timeout = TimeSpan.FromSeconds(configuration.GetValue("Webhooks:TimeoutSeconds", 10));
        var defaults = new WebhookDispatchSettings();
        var settings = new WebhookDispatchSettings
        {
            Lease = TimeSpan.FromSeconds(configuration.GetValue("Webhooks:LeaseSeconds", defaults.Lease.TotalSeconds)),
            Poll = TimeSpan.FromMilliseconds(configuration.GetValue("Webhooks:PollMilliseconds", defaults.Poll.TotalMilliseconds)),
            PerEndpointConcurrency = configuration.GetValue("Webhooks:PerEndpointConcurrency", defaults.PerEndpointConcurrency),
        };
        services.AddSingleton<WebhookDispatcher>(sp => new WebhookDispatcher(
            sp.GetRequiredService<IServiceScopeFactory>(),
            WebhookHttpClient.Create(sp.GetRequiredService<WebhookUrlPolicy>(), timeout),
            sp.GetRequiredService<WebhookUrlPolicy>(),
            sp.GetRequiredService<IWebhookSecretProtector>(),
            sp.GetRequiredService<TimeProvider>(),
            settings));
        if (configuration.GetValue("Webhooks:DispatcherEnabled", true))
        {
            services.AddHostedService<Features.Webhooks.WebhookDispatcherService>();
        }

        return services;
    }

    public static IServiceCollection AddTagApiHttp(this IServiceCollection services, ServerKeys keys)
    {
        services.AddTagApiJson();
        services.AddProblemDetails();
        services.AddExceptionHandler<TagApiExceptionHandler>();
        services.AddSingleton(new CursorCodec(keys.DeriveKey("cursor")));
        services.AddScoped<Paging>();
        services.AddScoped<CustomerResponseMapper>();
        services.AddScoped<Features.Segments.SegmentMembers>();
        services.AddHostedService<TagExpirySweeper>();
        services.AddHostedService<Features.Segments.IndexFollowerService>();
        services.AddHostedService<Features.Rules.RuleEvaluationService>();
        services.AddHostedService<Features.Segments.SegmentMembershipService>();
        services.AddSingleton(sp => new MembershipSettings
        {
            Lease = TimeSpan.FromSeconds(sp.GetRequiredService<IConfiguration>().GetValue("Segments:MembershipLeaseSeconds", new MembershipSettings().Lease.TotalSeconds)),
        });
        return services;
    }
}
