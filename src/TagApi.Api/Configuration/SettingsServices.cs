using Microsoft.Extensions.Options;
using TagApi.Api.Auth;
using TagApi.Api.Cli;
using TagApi.Api.Cors;
using TagApi.Api.Database;
using TagApi.Api.Features.Activities;
using TagApi.Api.Features.BulkJobs;
using TagApi.Api.Features.Rules;
using TagApi.Api.Features.Segments;
using TagApi.Api.Features.TagAssignments;
using TagApi.Api.Features.Webhooks;
using TagApi.Api.GraphQL;
using TagApi.Api.Idempotency;
using TagApi.Api.RateLimiting;
using TagApi.Core.Segments.Membership;
using TagApi.Core.Webhooks;

namespace TagApi.Api.Configuration;

/// <summary>
/// Binds every configuration section to its options class once, and validates each when the host
/// starts, so a bad value stops the server with a message naming the key instead of surfacing later.
/// Services take <see cref="IOptions{TOptions}"/>, never <see cref="IConfiguration"/>; the defaults
/// live in the options classes (docs/configuration.md lists them, checked by a test).
/// </summary>
public static class SettingsServices
{
    public static IServiceCollection AddTagApiSettings(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<AuthOptions>(configuration);
        services.AddSettings<DatabaseOptions>(configuration);
        services.AddSettings<ConnectionStringsOptions>(configuration);
        services.AddSettings<DemoOptions>(configuration);
        services.AddSettings<RateLimitOptions>(configuration);
        services.AddSettings<Redis.RedisOptions>(configuration);
        services.AddSettings<Fairness.FairnessOptions>(configuration);
        services.AddSettings<ActivityOptions>(configuration);
        services.AddSettings<BulkJobOptions>(configuration);
        services.AddSettings<RuleOptions>(configuration);
        services.AddSettings<SegmentOptions>(configuration);
        services.AddSettings<Features.Value.CustomerValueOptions>(configuration);
        services.AddSettings<TagExpiryOptions>(configuration);
        services.AddSettings<WebhookOptions>(configuration);
        services.AddSettings<IdempotencyOptions>(configuration);
        services.AddSettings<CrossOriginOptions>(configuration);
        services.AddSettings<Telemetry.TelemetryOptions>(configuration);
        // Bound by the GraphQL registration; checked here like every other section.
        services.AddOptions<GraphQLOptions>().ValidateOnStart();
        services.AddSingleton<IValidateOptions<GraphQLOptions>, GraphQLOptionsValidation>();

        // Core's settings records, made from their sections. Registered before AddTagApiCore, whose
        // fallbacks (for hosts without configuration, such as the benchmark's in-process engine) then stand aside.
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<SegmentOptions>>().Value.Membership());
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<SegmentOptions>>().Value.IndexMemory());
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<SegmentOptions>>().Value.EngineSettings());
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<SegmentOptions>>().Value.Snapshots());
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<Features.Value.CustomerValueOptions>>().Value.Settings());
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<WebhookOptions>>().Value.Dispatch());
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<IdempotencyOptions>>().Value.Settings());
        return services;
    }

    /// <summary>Binds <typeparamref name="T"/> to its section and validates it (data annotations) when the host starts.</summary>
    public static OptionsBuilder<T> AddSettings<T>(this IServiceCollection services, IConfiguration configuration)
        where T : class, ISettingsSection =>
        services.AddOptions<T>().Bind(configuration.GetSection(T.SectionName)).ValidateDataAnnotations().ValidateOnStart();

    /// <summary>
    /// Reads a section while services are being registered, for the few choices that shape the service graph
    /// itself (which database, which signing key, whether the dispatcher runs); validated exactly as at start.
    /// </summary>
    public static T ReadSettings<T>(this IConfiguration configuration)
        where T : class, ISettingsSection, new()
    {
        var value = configuration.GetSection(T.SectionName).Get<T>() ?? new T();
        var result = new DataAnnotationValidateOptions<T>(Options.DefaultName).Validate(Options.DefaultName, value);
        return result.Failed ? throw new OptionsValidationException(Options.DefaultName, typeof(T), result.Failures) : value;
    }
}
