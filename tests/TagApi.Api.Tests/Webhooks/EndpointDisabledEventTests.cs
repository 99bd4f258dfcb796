using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TagApi.Api.Tests.Infrastructure;
using TagApi.Core.Common;
using TagApi.Core.Data;
using TagApi.Core.Webhooks;

namespace TagApi.Api.Tests.Webhooks;

/// <summary>
/// An endpoint the dispatcher disables (410 Gone, five days of failure) is announced as <c>webhook_endpoint.disabled</c>
/// through the outbox: delivered, signed, to the tenant's other endpoints subscribed to it — never to the disabled one,
/// never to another tenant's. The fan-out commits with the disable, so once the endpoint reads disabled, every delivery
/// the event owes exists and absences can be checked in the table without waiting.
/// </summary>
public abstract class EndpointDisabledEventTests(TagApiFactory factory) : ProviderSuite(factory)
{
    [Fact]
    public async Task Gone_is_announced_to_the_tenants_other_subscribed_endpoints_only()
    {
        await using var gone = await WebhookReceiver.StartAsync();
        await using var watcher = await WebhookReceiver.StartAsync();
        await using var stranger = await WebhookReceiver.StartAsync();
        gone.AnswerNext(410);
        var api = await Factory.CreateTenantAsync();
        // Subscribed to every type, the disabled event included: it is disabled before its own event fans out.
        var goneEndpoint = (await api.PostAsync("/v1/webhook-endpoints", new { url = gone.Url }, HttpStatusCode.Created))["endpoint"]!;
        var watching = await SubscribeAsync(api, watcher);
        var strangers = await SubscribeAsync(await Factory.CreateTenantAsync(), stranger);

        await api.CreateTagAsync("gone");
        var disabled = await Eventually.WaitForAsync(() => EndpointAsync(goneEndpoint.Str("id")), e => !e.Enabled);
        Assert.False(disabled.Enabled);

        var announced = await AnnouncedAsync(watcher, watching, goneEndpoint);
        Assert.Contains("410", announced["data"]!.Str("reason"), StringComparison.Ordinal);
        var listed = Assert.Single((await api.GetAsync("/v1/events?type=webhook_endpoint.disabled"))["data"]!.AsArray())!;
        Assert.Equal(announced.Str("id"), listed.Str("id"));
        Assert.Equal(goneEndpoint.Str("id"), listed["data"]!["endpoint"]!.Str("id"));
        Assert.Single(await DeliveriesAsync(goneEndpoint.Str("id")));
        Assert.Empty(await DeliveriesAsync(strangers["endpoint"]!.Str("id")));
        Assert.Empty(stranger.Received);
    }

    [Fact]
    public async Task Five_days_of_failure_are_announced_to_the_tenants_other_subscribed_endpoints_only()
    {
        await using var failing = await WebhookReceiver.StartAsync();
        await using var watcher = await WebhookReceiver.StartAsync();
        await using var stranger = await WebhookReceiver.StartAsync();
        failing.AnswerNext(500, 500, 500, 500);
        var api = await Factory.CreateTenantAsync();
        var failingEndpoint = (await api.PostAsync("/v1/webhook-endpoints", new { url = failing.Url, eventTypes = new[] { "tag.created" } }, HttpStatusCode.Created))["endpoint"]!;
        var watching = await SubscribeAsync(api, watcher);
        var strangers = await SubscribeAsync(await Factory.CreateTenantAsync(), stranger);
        await api.CreateTagAsync("first_failure");
        await Eventually.WaitForAsync(() => EndpointAsync(failingEndpoint.Str("id")), e => e.FailingSince is not null);

        Factory.Clock.Advance(TimeSpan.FromDays(5) + TimeSpan.FromMinutes(1));
        await api.RefreshTokenAsync();
        await api.CreateTagAsync("still_failing");
        var disabled = await Eventually.WaitForAsync(() => EndpointAsync(failingEndpoint.Str("id")), e => !e.Enabled);
        Assert.False(disabled.Enabled);

        var announced = await AnnouncedAsync(watcher, watching, failingEndpoint);
        Assert.Contains("5 days", announced["data"]!.Str("reason"), StringComparison.Ordinal);
        var listed = Assert.Single((await api.GetAsync("/v1/events?type=webhook_endpoint.disabled"))["data"]!.AsArray())!;
        Assert.Equal(announced.Str("id"), listed.Str("id"));
        Assert.Empty(await DeliveriesAsync(strangers["endpoint"]!.Str("id")));
        Assert.Empty(stranger.Received);
    }

    [Fact]
    public async Task A_client_switching_its_endpoint_off_announces_nothing()
    {
        await using var watcher = await WebhookReceiver.StartAsync();
        var api = await Factory.CreateTenantAsync();
        var endpoint = (await api.PostAsync("/v1/webhook-endpoints", new { url = "https://example.com/off" }, HttpStatusCode.Created))["endpoint"]!;
        var watching = await SubscribeAsync(api, watcher);

        var patched = await api.PatchAsync($"/v1/webhook-endpoints/{endpoint.Str("id")}", new { enabled = false });

        Assert.False(patched["enabled"]!.GetValue<bool>());
        Assert.Empty((await api.GetAsync("/v1/events?type=webhook_endpoint.disabled"))["data"]!.AsArray());
        Assert.Empty(await DeliveriesAsync(watching["endpoint"]!.Str("id")));
    }

    private static Task<JsonNode> SubscribeAsync(TenantSession tenant, WebhookReceiver receiver) =>
        tenant.PostAsync("/v1/webhook-endpoints", new { url = receiver.Url, eventTypes = new[] { "webhook_endpoint.disabled" } }, HttpStatusCode.Created);

    /// <summary>The one event the watcher is owed and got, signed with its secret, about the disabled endpoint.</summary>
    private async Task<JsonNode> AnnouncedAsync(WebhookReceiver watcher, JsonNode watching, JsonNode disabledEndpoint)
    {
        var received = await watcher.WaitForAsync(_ => true);
        Assert.True(StandardWebhookVerifier.Verify(watching.Str("secret"), received, Factory.Clock.GetUtcNow()));
        var payload = JsonNode.Parse(received.Body)!;
        Assert.Equal(received.Id, payload.Str("id"));
        Assert.Equal("webhook_endpoint.disabled", payload.Str("type"));
        Assert.Equal(disabledEndpoint.Str("id"), payload["data"]!["endpoint"]!.Str("id"));
        Assert.Equal(disabledEndpoint.Str("url"), payload["data"]!["endpoint"]!.Str("url"));
        Assert.Single(await DeliveriesAsync(watching["endpoint"]!.Str("id")));
        Assert.Single(watcher.Received);
        return payload;
    }

    private async Task<WebhookEndpoint> EndpointAsync(string publicId)
    {
        var id = Decode(publicId);
        await using var scope = Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<TagApiDbContext>().WebhookEndpoints.IgnoreQueryFilters().AsNoTracking()
            .SingleAsync(e => e.Id == id);
    }

    private async Task<List<WebhookDelivery>> DeliveriesAsync(string endpointId)
    {
        var id = Decode(endpointId);
        await using var scope = Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<TagApiDbContext>().WebhookDeliveries.IgnoreQueryFilters().AsNoTracking()
            .Where(d => d.EndpointId == id).ToListAsync();
    }

    private static long Decode(string publicId) =>
        PublicId.TryDecode(IdPrefixes.WebhookEndpoint, publicId, out var id) ? id : throw new ArgumentException(publicId, nameof(publicId));
}

public sealed class EndpointDisabledEventOnSqlite(SqliteTagApiFactory factory) : EndpointDisabledEventTests(factory), IClassFixture<SqliteTagApiFactory>;

public sealed class EndpointDisabledEventOnPostgres(PostgresTagApiFactory factory) : EndpointDisabledEventTests(factory), IClassFixture<PostgresTagApiFactory>;
