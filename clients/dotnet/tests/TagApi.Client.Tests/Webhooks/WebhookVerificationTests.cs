using TagApi.Client.Tests.Infrastructure;
using TagApi.Client.Webhooks;
using IndependentVerifier = StandardWebhooks.StandardWebhook;

namespace TagApi.Client.Tests.Webhooks;

[Collection(LiveServerCollection.Name)]
public sealed class WebhookVerificationTests(LiveServer server) : IAsyncLifetime
{
    private WebhookListener _listener = null!;

    public async Task InitializeAsync() => _listener = await WebhookListener.StartAsync();

    public async Task DisposeAsync() => await _listener.DisposeAsync();

    [Fact]
    public async Task A_real_delivery_verifies_and_reads_as_a_typed_event()
    {
        var api = TagApiClient.Create(await server.CreateTenantAsync());
        var endpoint = await api.CreateWebhookEndpointAsync(new WebhookEndpointInput
        {
            Url = new Uri(_listener.Url),
            EventTypes = [EventType.Customer_tags_added],
        });
        await api.CreateTagAsync(new CreateTagRequest { Key = "hooked", Name = "Hooked" });
        var customer = await api.UpsertCustomerAsync("hook-1", new CustomerInput { Name = "Hook" });
        await api.ChangeCustomerTagsAsync(customer.Id, new ChangeCustomerTagsRequest { Add = ["hooked"] });

        var delivery = await _listener.WaitForAsync(d => d.Body.Contains("customer.tags.added", StringComparison.Ordinal));
        var verified = new WebhookVerifier(endpoint.Secret).Verify(delivery.Headers, delivery.Body);

        var typed = Assert.IsType<WebhookEvent<CustomerTagsChangedData>>(verified);
        Assert.Equal(WebhookEventTypes.CustomerTagsAdded, typed.Type);
        Assert.Equal(delivery.Headers["webhook-id"].ToString(), typed.Id);
        Assert.Equal(new EventCustomer(customer.Id, "hook-1"), typed.Data.Customer);
        Assert.Equal("hooked", Assert.Single(typed.Data.Tags).Key);
        Assert.Equal("manual", typed.Data.Source);
        // The independent implementation agrees that the delivery is genuine.
        new IndependentVerifier(endpoint.Secret).Verify(delivery.Body, delivery.Headers);
        Assert.Contains(await api.ListAllWebhookEndpointsAsync().ToListAsync(), e => e.EventTypes!.SequenceEqual([EventType.Customer_tags_added]));
    }

    [Fact]
    public async Task The_test_ping_verifies_as_a_typed_event()
    {
        var api = TagApiClient.Create(await server.CreateTenantAsync());
        var endpoint = await api.CreateWebhookEndpointAsync(new WebhookEndpointInput { Url = new Uri(_listener.Url) });

        var ping = await api.TestWebhookEndpointAsync(endpoint.Endpoint.Id);
        var delivery = await _listener.WaitForAsync(d => d.Body.Contains(endpoint.Endpoint.Id, StringComparison.Ordinal));

        Assert.True(ping.Delivered);
        var typed = Assert.IsType<WebhookEvent<WebhookEndpointTestData>>(new WebhookVerifier(endpoint.Secret).Verify(delivery.Headers, delivery.Body));
        Assert.Equal(endpoint.Endpoint.Id, typed.Data.Endpoint.Id);
    }

    [Fact]
    public async Task A_tampered_stale_or_foreign_delivery_is_refused()
    {
        var api = TagApiClient.Create(await server.CreateTenantAsync());
        var endpoint = await api.CreateWebhookEndpointAsync(new WebhookEndpointInput { Url = new Uri(_listener.Url) });
        await api.TestWebhookEndpointAsync(endpoint.Endpoint.Id);
        var delivery = await _listener.WaitForAsync(d => d.Body.Contains(endpoint.Endpoint.Id, StringComparison.Ordinal));
        var tampered = delivery.Body.Replace(endpoint.Endpoint.Id, "whe_0000000000000", StringComparison.Ordinal);
        var clock = new ManualClock();
        clock.Advance(TimeSpan.FromMinutes(6));
        var other = await api.CreateWebhookEndpointAsync(new WebhookEndpointInput { Url = new Uri(_listener.Url) });

        Assert.Throws<WebhookVerificationException>(() => new WebhookVerifier(endpoint.Secret).Verify(delivery.Headers, tampered));
        Assert.Throws<WebhookVerificationException>(() => new WebhookVerifier(endpoint.Secret, timeProvider: clock).Verify(delivery.Headers, delivery.Body));
        Assert.Throws<WebhookVerificationException>(() => new WebhookVerifier(other.Secret).Verify(delivery.Headers, delivery.Body));
        Assert.ThrowsAny<Exception>(() => new IndependentVerifier(endpoint.Secret).Verify(tampered, delivery.Headers));
        // During a rotation the receiver holds both secrets; either one verifies.
        Assert.NotNull(new WebhookVerifier([other.Secret, endpoint.Secret]).Verify(delivery.Headers, delivery.Body));
    }
}
