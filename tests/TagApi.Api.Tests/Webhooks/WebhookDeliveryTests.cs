using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using TagApi.Api.Tests.Infrastructure;
using TagApi.Core.Webhooks;

namespace TagApi.Api.Tests.Webhooks;

public abstract class WebhookDeliveryTests(TagApiFactory factory) : ProviderSuite(factory)
{
    [Fact]
    public async Task A_tag_change_is_delivered_signed_and_listed_in_the_change_log()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var api = await Factory.CreateTenantAsync();
        var created = await api.PostAsync("/v1/webhook-endpoints", new { url = receiver.Url, eventTypes = new[] { "customer.tags.added", "customer.created" } }, HttpStatusCode.Created);
        var secret = created.Str("secret");
        Assert.StartsWith("whsec_", secret);
        await api.CreateTagAsync("vip");
        var customer = await api.UpsertCustomerAsync("shop-1");
        await api.ChangeTagsAsync(customer.Str("id"), add: ["vip"]);

        var delivered = await receiver.WaitForAsync(r => r.Body.Contains("customer.tags.added", StringComparison.Ordinal));
        Assert.True(StandardWebhookVerifier.Verify(secret, delivered, Factory.Clock.GetUtcNow()));
        var payload = JsonNode.Parse(delivered.Body)!;
        Assert.Equal(delivered.Id, payload.Str("id"));
        Assert.Equal("shop-1", payload["data"]!["customer"]!.Str("externalId"));
        Assert.Equal("vip", payload["data"]!["tags"]![0]!.Str("key"));
        Assert.Equal("manual", payload["data"]!.Str("source"));
        Assert.True(payload["data"]!["version"]!.GetValue<long>() >= 2);
        Assert.DoesNotContain(receiver.Received, r => r.Body.Contains("tag.created", StringComparison.Ordinal));

        var events = await api.GetAsync("/v1/events?type=customer.tags.added");
        Assert.Equal(delivered.Id, events["data"]![0]!.Str("id"));
        var all = await api.GetAsync("/v1/events");
        Assert.Contains(all["data"]!.AsArray(), e => e!.Str("type") == "tag.created");
        Assert.Empty((await api.GetAsync($"/v1/events?after={all["data"]!.AsArray()[^1]!.Str("id")}"))["data"]!.AsArray());
    }

    [Fact]
    public async Task A_failed_delivery_is_retried_with_the_same_id_and_a_fresh_signature()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.AnswerNext(503);
        var api = await Factory.CreateTenantAsync();
        var endpoint = await api.PostAsync("/v1/webhook-endpoints", new { url = receiver.Url, eventTypes = new[] { "tag.created" } }, HttpStatusCode.Created);
        await api.CreateTagAsync("retried");
        var first = await receiver.WaitForAsync(r => r.Body.Contains("retried", StringComparison.Ordinal));

        Factory.Clock.Advance(TimeSpan.FromMinutes(1));
        await Factory.Services.GetRequiredService<WebhookDispatcher>().RunOnceAsync(CancellationToken.None);
        var second = await receiver.WaitForAsync(r => r.Id == first.Id && r.Timestamp != first.Timestamp);

        Assert.Equal(first.Id, second.Id);
        Assert.True(StandardWebhookVerifier.Verify(endpoint.Str("secret"), second, Factory.Clock.GetUtcNow()));
        await api.RefreshTokenAsync();
        var attempts = await api.GetAsync($"/v1/webhook-endpoints/{endpoint["endpoint"]!.Str("id")}/deliveries");
        Assert.Equal([200, 503], attempts["data"]!.AsArray().Select(a => a!["statusCode"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Gone_disables_the_endpoint_and_records_why()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.AnswerNext(410);
        var api = await Factory.CreateTenantAsync();
        var endpoint = (await api.PostAsync("/v1/webhook-endpoints", new { url = receiver.Url }, HttpStatusCode.Created))["endpoint"]!;
        await api.CreateTagAsync("gone");
        await receiver.WaitForAsync(_ => true);

        var state = await Eventually.WaitForAsync(
            () => api.GetAsync($"/v1/webhook-endpoints/{endpoint.Str("id")}"), e => !e["enabled"]!.GetValue<bool>(), TimeSpan.FromSeconds(10));
        Assert.False(state["enabled"]!.GetValue<bool>());
        Assert.Contains("410", state.Str("disabledReason"), StringComparison.Ordinal);
        Assert.Contains((await api.GetAsync("/v1/events?type=webhook_endpoint.disabled"))["data"]!.AsArray(), e => e!["data"]!["endpoint"]!.Str("id") == endpoint.Str("id"));
    }

    [Fact]
    public async Task Rotation_signs_with_both_secrets_and_replay_delivers_again()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var api = await Factory.CreateTenantAsync();
        var created = await api.PostAsync("/v1/webhook-endpoints", new { url = receiver.Url, eventTypes = new[] { "tag.created" } }, HttpStatusCode.Created);
        var id = created["endpoint"]!.Str("id");
        await api.CreateTagAsync("before");
        await receiver.WaitForAsync(r => r.Body.Contains("before", StringComparison.Ordinal));

        var rotated = await api.PostAsync($"/v1/webhook-endpoints/{id}/rotate-secret", null);
        Assert.NotEqual(created.Str("secret"), rotated.Str("secret"));
        var replay = await api.PostAsync($"/v1/webhook-endpoints/{id}/replay", new { since = DateTime.UtcNow.AddHours(-1) });
        Assert.Equal(1, replay["queued"]!.GetValue<int>());
        await receiver.WaitForAsync(r => r.Body.Contains("before", StringComparison.Ordinal) && r.Signature.Contains(' ', StringComparison.Ordinal));
        var again = receiver.Received.Last(r => r.Body.Contains("before", StringComparison.Ordinal));
        Assert.True(StandardWebhookVerifier.Verify(created.Str("secret"), again, Factory.Clock.GetUtcNow()));
        Assert.True(StandardWebhookVerifier.Verify(rotated.Str("secret"), again, Factory.Clock.GetUtcNow()));
    }

    [Fact]
    public async Task A_test_ping_is_signed_and_five_days_of_failure_disable_the_endpoint()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var api = await Factory.CreateTenantAsync();
        var created = await api.PostAsync("/v1/webhook-endpoints", new { url = receiver.Url, eventTypes = new[] { "tag.created" } }, HttpStatusCode.Created);
        var id = created["endpoint"]!.Str("id");
        var ping = await api.PostAsync($"/v1/webhook-endpoints/{id}/test", null);
        Assert.True(ping["delivered"]!.GetValue<bool>());
        Assert.True(StandardWebhookVerifier.Verify(created.Str("secret"), receiver.Received.Single(), Factory.Clock.GetUtcNow()));

        receiver.AnswerNext(500, 500, 500);
        await api.CreateTagAsync("first_failure");
        await receiver.WaitForAsync(r => r.Body.Contains("first_failure", StringComparison.Ordinal));
        Factory.Clock.Advance(TimeSpan.FromDays(6));
        await api.RefreshTokenAsync();
        // The retry after six days fails too: the endpoint has now failed for more than five days.
        await api.CreateTagAsync("still_failing");

        var state = await Eventually.WaitForAsync(
            () => api.GetAsync($"/v1/webhook-endpoints/{id}"), e => !e["enabled"]!.GetValue<bool>(), TimeSpan.FromSeconds(10));
        Assert.False(state["enabled"]!.GetValue<bool>());
        Assert.Contains("5 days", state.Str("disabledReason"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_endpoints_are_refused_and_other_tenants_cannot_see_them()
    {
        var api = await Factory.CreateTenantAsync();
        await api.PostAsync("/v1/webhook-endpoints", new { url = "not a url" }, HttpStatusCode.BadRequest);
        await api.PostAsync("/v1/webhook-endpoints", new { url = "https://example.com/x", eventTypes = new[] { "nope" } }, HttpStatusCode.BadRequest);
        var created = (await api.PostAsync("/v1/webhook-endpoints", new { url = "https://example.com/x" }, HttpStatusCode.Created))["endpoint"]!;
        var stranger = await Factory.CreateTenantAsync();
        await stranger.GetAsync($"/v1/webhook-endpoints/{created.Str("id")}", HttpStatusCode.NotFound);
        await stranger.PostAsync($"/v1/webhook-endpoints/{created.Str("id")}/replay", new { since = DateTime.UtcNow }, HttpStatusCode.NotFound);
        Assert.DoesNotContain((await stranger.GetAsync("/v1/events"))["data"]!.AsArray(), e => e!.Str("type") == "tag.created");
        await api.DeleteAsync($"/v1/webhook-endpoints/{created.Str("id")}");
    }
}

public sealed class WebhookDeliveryOnSqlite(SqliteTagApiFactory factory) : WebhookDeliveryTests(factory), IClassFixture<SqliteTagApiFactory>;

public sealed class WebhookDeliveryOnPostgres(PostgresTagApiFactory factory) : WebhookDeliveryTests(factory), IClassFixture<PostgresTagApiFactory>;
