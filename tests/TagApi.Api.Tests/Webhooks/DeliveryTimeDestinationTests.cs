using System.Net;
using Microsoft.Extensions.DependencyInjection;
using TagApi.Api.Tests.Infrastructure;
using TagApi.Core.Data;

namespace TagApi.Api.Tests.Webhooks;

/// <summary>
/// The check at write time is not the last word: every connection the dispatcher opens resolves the name again, checks
/// every answer and connects only to an address it checked, so a name rebound to an inside address after the endpoint
/// was accepted (DNS rebinding) gets no connection.
/// </summary>
public sealed class DeliveryTimeDestinationTests(ProductionWebhooksFactory factory) : IClassFixture<ProductionWebhooksFactory>
{
    [Fact]
    public async Task A_name_rebound_to_loopback_after_it_was_accepted_gets_no_connection()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        const string host = "rebind.receiver-example.com";
        factory.Dns.Answer(host, [ScriptedHostResolver.Public], [IPAddress.Loopback]);
        var api = await factory.CreateTenantAsync();
        var url = $"https://{host}:{new Uri(receiver.Url).Port}/hook";
        var endpoint = (await api.PostAsync("/v1/webhook-endpoints", new { url, eventTypes = new[] { "tag.created" } }, HttpStatusCode.Created))["endpoint"]!;
        Assert.Equal(1, factory.Dns.LookupsOf(host));

        await api.CreateTagAsync("rebound");
        var attempts = await Eventually.WaitForAsync(
            () => api.GetAsync($"/v1/webhook-endpoints/{endpoint.Str("id")}/deliveries"), a => a["data"]!.AsArray().Count > 0, TimeSpan.FromSeconds(20));

        var attempt = Assert.Single(attempts["data"]!.AsArray())!;
        Assert.Null(attempt["statusCode"]);
        Assert.Contains($"'{host}' resolves to 127.0.0.1, a loopback address", attempt.Str("error"), StringComparison.Ordinal);
        Assert.True(factory.Dns.LookupsOf(host) >= 2, "the name was resolved again when connecting");
        var ping = await api.PostAsync($"/v1/webhook-endpoints/{endpoint.Str("id")}/test", null);
        Assert.False(ping["delivered"]!.GetValue<bool>());
        Assert.Contains("a loopback address", ping.Str("error"), StringComparison.Ordinal);
        Assert.Empty(receiver.Received);
    }

    [Fact]
    public async Task An_endpoint_stored_before_the_rules_tightened_is_refused_when_delivering()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var api = await factory.CreateTenantAsync();
        factory.Dns.Answer("legacy.receiver-example.com", [ScriptedHostResolver.Public]);
        var id = (await api.PostAsync("/v1/webhook-endpoints", new { url = "https://legacy.receiver-example.com/hook" }, HttpStatusCode.Created))["endpoint"]!.Str("id");
        await factory.InTenantAsync(api.TenantId, async services =>
        {
            var db = services.GetRequiredService<TagApiDbContext>();
            var stored = db.WebhookEndpoints.Single();
            stored.Url = receiver.Url.Replace("127.0.0.1", "localhost", StringComparison.Ordinal);
            return await db.SaveChangesAsync();
        });

        var ping = await api.PostAsync($"/v1/webhook-endpoints/{id}/test", null);

        Assert.False(ping["delivered"]!.GetValue<bool>());
        Assert.Contains("https://", ping.Str("error"), StringComparison.Ordinal);
        Assert.Empty(receiver.Received);
    }
}
