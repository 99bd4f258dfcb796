using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TagApi.Api.Tests.Infrastructure;
using TagApi.Core.Common;
using TagApi.Core.Data;
using TagApi.Core.Webhooks;

namespace TagApi.Api.Tests.Webhooks;

/// <summary>
/// How failed attempts leave an endpoint: its failure streak (what five days of failure are counted from), a retry not
/// scheduled for an endpoint disabled meanwhile, and five days of failure disabling it once, with its event recorded.
/// </summary>
public abstract class WebhookFailureStreakTests(TagApiFactory factory) : ProviderSuite(factory)
{
    [Fact]
    public async Task The_streak_starts_at_the_first_failed_attempt_outlasts_later_failures_and_a_success_ends_it()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.AnswerNext(500, 500);
        var api = await Factory.CreateTenantAsync();
        var endpoint = (await api.PostAsync("/v1/webhook-endpoints", new { url = receiver.Url, eventTypes = new[] { "tag.created" } }, HttpStatusCode.Created))["endpoint"]!;
        var endpointId = Decode(endpoint.Str("id"));
        // The test clock runs on from where it was set, so the first attempt falls between these two readings.
        var before = Factory.Clock.GetUtcNow().UtcDateTime;
        await api.CreateTagAsync("streak");

        var started = (await Eventually.WaitForAsync(() => EndpointAsync(endpointId), e => e.FailingSince is not null)).FailingSince!.Value;
        Assert.InRange(started, before.AddMilliseconds(-1), Factory.Clock.GetUtcNow().UtcDateTime);

        Factory.Clock.Advance(TimeSpan.FromMinutes(1));
        await RetryDueAsync(endpointId, attempts: 2);
        Assert.Equal(started, (await EndpointAsync(endpointId)).FailingSince);

        Factory.Clock.Advance(TimeSpan.FromMinutes(1));
        await RetryDueAsync(endpointId, attempts: 3);
        Assert.Null((await EndpointAsync(endpointId)).FailingSince);
        var delivery = Assert.Single(await DeliveriesAsync(endpointId));
        Assert.Equal(DeliveryStatus.Succeeded, delivery.Status);
        await api.RefreshTokenAsync();
        var attempts = await api.GetAsync($"/v1/webhook-endpoints/{endpoint.Str("id")}/deliveries");
        Assert.Equal([200, 500, 500], attempts["data"]!.AsArray().Select(a => a!["statusCode"]!.GetValue<int>()));
    }

    [Fact]
    public async Task A_failed_delivery_of_an_endpoint_disabled_since_is_not_retried()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.AnswerNext(500);
        var api = await Factory.CreateTenantAsync();
        var endpoint = (await api.PostAsync("/v1/webhook-endpoints", new { url = receiver.Url, eventTypes = new[] { "tag.created" } }, HttpStatusCode.Created))["endpoint"]!;
        var endpointId = Decode(endpoint.Str("id"));
        await api.CreateTagAsync("paused");
        await Eventually.WaitForAsync(() => EndpointAsync(endpointId), e => e.FailingSince is not null);

        await api.PatchAsync($"/v1/webhook-endpoints/{endpoint.Str("id")}", new { enabled = false });
        Factory.Clock.Advance(TimeSpan.FromMinutes(1));
        var delivery = await RetryDueAsync(endpointId, attempts: 2);

        Assert.Equal(DeliveryStatus.Failed, delivery.Status);
        Assert.NotNull(delivery.CompletedAt);
        Assert.Single(receiver.Received);
        // Nothing is left to retry however long one waits.
        Factory.Clock.Advance(TimeSpan.FromDays(1));
        await Factory.Services.GetRequiredService<WebhookDispatcher>().RunOnceAsync(CancellationToken.None);
        Assert.Equal(2, Assert.Single(await DeliveriesAsync(endpointId)).Attempts);
    }

    [Fact]
    public async Task An_endpoint_failing_for_five_days_is_disabled_once_with_its_event_recorded()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.AnswerNext(500, 500, 500, 500);
        var api = await Factory.CreateTenantAsync();
        var endpoint = (await api.PostAsync("/v1/webhook-endpoints", new { url = receiver.Url, eventTypes = new[] { "tag.created" } }, HttpStatusCode.Created))["endpoint"]!;
        var endpointId = Decode(endpoint.Str("id"));
        await api.CreateTagAsync("first_failure");
        await Eventually.WaitForAsync(() => EndpointAsync(endpointId), e => e.FailingSince is not null);

        // Two more failures after five days: the first disables the endpoint, the second finds it disabled.
        Factory.Clock.Advance(TimeSpan.FromDays(5) + TimeSpan.FromMinutes(1));
        await api.RefreshTokenAsync();
        await api.CreateTagAsync("still_failing");
        await api.CreateTagAsync("failing_again");

        var state = await Eventually.WaitForAsync(() => EndpointAsync(endpointId), e => !e.Enabled);
        Assert.False(state.Enabled);
        Assert.Contains("5 days", state.DisabledReason, StringComparison.Ordinal);
        // Whatever was still owed to it fails for good at its next attempt, without disabling it again.
        Factory.Clock.Advance(TimeSpan.FromMinutes(1));
        var dispatcher = Factory.Services.GetRequiredService<WebhookDispatcher>();
        var left = await Eventually.WaitForAsync(
            async () =>
            {
                await dispatcher.RunOnceAsync(CancellationToken.None);
                return await DeliveriesAsync(endpointId);
            },
            d => d.All(x => x.Status != DeliveryStatus.Pending));
        Assert.All(left, d => Assert.Equal(DeliveryStatus.Failed, d.Status));
        var disabled = Assert.Single((await api.GetAsync("/v1/events?type=webhook_endpoint.disabled"))["data"]!.AsArray());
        Assert.Equal(endpoint.Str("id"), disabled!["data"]!["endpoint"]!.Str("id"));
    }

    private static long Decode(string publicId) =>
        PublicId.TryDecode(IdPrefixes.WebhookEndpoint, publicId, out var id) ? id : throw new ArgumentException(publicId, nameof(publicId));

    /// <summary>Runs the dispatcher until the endpoint's one delivery has had <paramref name="attempts"/> attempts recorded.</summary>
    private async Task<WebhookDelivery> RetryDueAsync(long endpointId, int attempts)
    {
        var dispatcher = Factory.Services.GetRequiredService<WebhookDispatcher>();
        return (await Eventually.WaitForAsync(
            async () =>
            {
                await dispatcher.RunOnceAsync(CancellationToken.None);
                return await DeliveriesAsync(endpointId);
            },
            d => d.Single().Attempts >= attempts)).Single();
    }

    private async Task<WebhookEndpoint> EndpointAsync(long id)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<TagApiDbContext>().WebhookEndpoints.IgnoreQueryFilters().AsNoTracking().SingleAsync(e => e.Id == id);
    }

    private async Task<List<WebhookDelivery>> DeliveriesAsync(long endpointId)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<TagApiDbContext>().WebhookDeliveries.IgnoreQueryFilters().AsNoTracking()
            .Where(d => d.EndpointId == endpointId).ToListAsync();
    }
}

public sealed class WebhookFailureStreakOnSqlite(SqliteTagApiFactory factory) : WebhookFailureStreakTests(factory), IClassFixture<SqliteTagApiFactory>;

public sealed class WebhookFailureStreakOnPostgres(PostgresTagApiFactory factory) : WebhookFailureStreakTests(factory), IClassFixture<PostgresTagApiFactory>;
