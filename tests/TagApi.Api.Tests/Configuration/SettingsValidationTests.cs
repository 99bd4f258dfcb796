using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TagApi.Api.Features.Webhooks;
using TagApi.Core.Segments.Membership;
using TagApi.Core.Webhooks;

namespace TagApi.Api.Tests.Configuration;

public sealed class SettingsValidationTests
{
    [Theory]
    [InlineData("Rules:SchedulerSeconds", "0", "SchedulerSeconds")]
    [InlineData("Webhooks:PerEndpointConcurrency", "-1", "PerEndpointConcurrency")]
    [InlineData("Database:Provider", "Oracle", "Oracle")]
    [InlineData("Auth:Issuer", "not a url", "Auth:Issuer")]
    [InlineData("RateLimiting:Token:ClientFailures:PerMinute", "0", "ClientFailures")]
    [InlineData("GraphQL:MaxDepth", "0", "GraphQL:MaxDepth")]
    [InlineData("Segments:Engine", "Duck", "Engine")]
    public async Task A_bad_value_stops_the_start_with_a_message_naming_the_setting(string key, string value, string named)
    {
        await using var factory = new ConfiguredSqliteFactory((key, value));
        await factory.InitializeAsync();
        var failure = Record.Exception(() => factory.Services);
        Assert.NotNull(failure);
        Assert.Contains(named, Messages(failure), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bound_settings_reach_the_services_and_each_core_settings_record_is_registered_once()
    {
        await using var factory = new ConfiguredSqliteFactory(
            ("Segments:MembershipLeaseSeconds", "7"), ("Webhooks:PerEndpointConcurrency", "3"), ("Webhooks:LeaseSeconds", "9"), ("Segments:SnapshotIntervalSeconds", "42"));
        await factory.InitializeAsync();

        var membership = Assert.Single(factory.Services.GetServices<MembershipSettings>());
        Assert.Equal(TimeSpan.FromSeconds(7), membership.Lease);
        var snapshots = Assert.Single(factory.Services.GetServices<TagApi.Core.Segments.Snapshots.IndexSnapshotSettings>());
        Assert.Equal(TimeSpan.FromSeconds(42), snapshots.Interval);
        Assert.NotNull(snapshots.Directory);
        var dispatch = factory.Services.GetRequiredService<WebhookDispatcher>().Settings;
        Assert.Equal(3, dispatch.PerEndpointConcurrency);
        Assert.Equal(TimeSpan.FromSeconds(9), dispatch.Lease);
        Assert.Equal(
            ["BulkJobWorker", "CustomerValueRefreshService", "IdempotencyPurgeService", "IndexFollowerService", "IndexSnapshotService", "RuleEvaluationService", "SegmentMembershipService", "TagExpirySweeper", "WebhookDispatcherService", "WebhookSecretEncryptionService"],
            Workers(factory));
    }

    [Fact]
    public async Task A_node_without_the_dispatcher_runs_every_other_worker()
    {
        await using var factory = new ConfiguredSqliteFactory(("Webhooks:DispatcherEnabled", "false"));
        await factory.InitializeAsync();

        Assert.Equal(["BulkJobWorker", "CustomerValueRefreshService", "IdempotencyPurgeService", "IndexFollowerService", "IndexSnapshotService", "RuleEvaluationService", "SegmentMembershipService", "TagExpirySweeper", "WebhookSecretEncryptionService"], Workers(factory));
        Assert.NotNull(factory.Services.GetRequiredService<WebhookDispatcher>());
    }

    [Fact]
    public void No_service_or_endpoint_of_the_api_reads_IConfiguration()
    {
        // Only registration code (the *Services and *Setup classes) sees the configuration; everything else takes IOptions<T>.
        var readers = typeof(WebhookOptions).Assembly.GetTypes()
            .Where(t => !t.Name.EndsWith("Services", StringComparison.Ordinal) && !t.Name.EndsWith("Setup", StringComparison.Ordinal))
            .SelectMany(t => t.GetConstructors(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance).Cast<MethodBase>()
                .Concat(t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)))
            .Where(m => m.GetParameters().Any(p => typeof(Microsoft.Extensions.Configuration.IConfiguration).IsAssignableFrom(p.ParameterType)))
            .Select(m => $"{m.DeclaringType!.FullName}.{m.Name}")
            .Where(name => !name.StartsWith("Program.", StringComparison.Ordinal))
            .ToList();
        Assert.Empty(readers);
    }

    private static string[] Workers(ConfiguredSqliteFactory factory) =>
        factory.Services.GetServices<IHostedService>()
            .Select(s => s.GetType())
            .Where(t => t.Assembly == typeof(WebhookOptions).Assembly)
            .Select(t => t.Name)
            .Order(StringComparer.Ordinal)
            .ToArray();

    private static string Messages(Exception exception)
    {
        var all = new List<string>();
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            all.Add(e.Message);
            if (e is AggregateException aggregate)
            {
                all.AddRange(aggregate.InnerExceptions.Select(Messages));
            }
        }

        return string.Join(" | ", all);
    }
}
