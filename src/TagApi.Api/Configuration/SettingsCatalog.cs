using TagApi.Api.Auth;
using TagApi.Api.Cli;
using TagApi.Api.Cors;
using TagApi.Api.Database;
using TagApi.Api.Features.Activities;
using TagApi.Api.Features.Rules;
using TagApi.Api.Features.Segments;
using TagApi.Api.Features.TagAssignments;
using TagApi.Api.Features.Webhooks;
using TagApi.Api.GraphQL;
using TagApi.Api.Idempotency;
using TagApi.Api.RateLimiting;

namespace TagApi.Api.Configuration;

/// <summary>A configuration section and the options class it binds to.</summary>
public sealed record SettingsCatalogEntry(string Name, Type OptionsType);

/// <summary>Every configuration section TagApi reads, in the order docs/configuration.md lists them.</summary>
public static class SettingsCatalog
{
    public static IReadOnlyList<SettingsCatalogEntry> Sections { get; } =
    [
        Of<DatabaseOptions>(),
        Of<ConnectionStringsOptions>(),
        Of<AuthOptions>(),
        Of<DemoOptions>(),
        Of<RateLimitOptions>(),
        Of<Redis.RedisOptions>(),
        Of<Fairness.FairnessOptions>(),
        new("GraphQL", typeof(GraphQLOptions)),
        Of<ActivityOptions>(),
        Of<Features.BulkJobs.BulkJobOptions>(),
        Of<RuleOptions>(),
        Of<SegmentOptions>(),
        Of<Features.Value.CustomerValueOptions>(),
        Of<TagExpiryOptions>(),
        Of<WebhookOptions>(),
        Of<IdempotencyOptions>(),
        Of<CrossOriginOptions>(),
        Of<Telemetry.TelemetryOptions>(),
    ];

    private static SettingsCatalogEntry Of<T>() where T : ISettingsSection => new(T.SectionName, typeof(T));
}
