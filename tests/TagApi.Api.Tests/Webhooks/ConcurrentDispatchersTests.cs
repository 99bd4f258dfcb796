using System.Net;
using Microsoft.Extensions.DependencyInjection;
using TagApi.Api.Tests.Infrastructure;
using TagApi.Core.Webhooks;

namespace TagApi.Api.Tests.Webhooks;

/// <summary>TagApi on PostgreSQL with no background dispatcher, so the test drives dispatchers itself.</summary>
public sealed class ManualDispatchPostgresFactory : TagApiFactory
{
    private readonly PostgresTestDatabase _database = new();

    public override string ProviderName => "Postgres";

    protected override string ConnectionString => _database.ConnectionString;

    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings => [new("Webhooks:DispatcherEnabled", "false")];

    public override Task InitializeAsync() => _database.CreateAsync();

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _database.DropAsync();
    }
}

public sealed class ConcurrentDispatchersTests(ManualDispatchPostgresFactory factory) : IClassFixture<ManualDispatchPostgresFactory>
{
    [Fact]
    public async Task Two_dispatchers_never_deliver_the_same_event_twice()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var api = await factory.CreateTenantAsync();
        await api.PostAsync("/v1/webhook-endpoints", new { url = receiver.Url, eventTypes = new[] { "customer.tags.added" } }, HttpStatusCode.Created);
        await api.CreateTagAsync("bulk");
        var customers = new List<string>();
        for (var i = 0; i < 150; i++)
        {
            customers.Add((await api.UpsertCustomerAsync($"c{i}")).Str("id"));
        }

        // One batch: 150 customers, 150 events, one transaction.
        await api.PostAsync("/v1/tag-assignments", new { add = customers.Select(c => new { customer = c, tag = "bulk" }).ToArray() });

        var dispatchers = Enumerable.Range(0, 2).Select(_ => new WebhookDispatcher(
            factory.Services.GetRequiredService<IServiceScopeFactory>(), new HttpClient(), factory.Services.GetRequiredService<WebhookUrlPolicy>(), factory.Services.GetRequiredService<IWebhookSecretProtector>(), factory.Clock)).ToList();
        await Task.WhenAll(dispatchers.Select(async d =>
        {
            while (await d.RunOnceAsync(CancellationToken.None) > 0)
            {
            }
        }));

        Assert.Equal(150, receiver.Received.Count);
        Assert.Equal(150, receiver.Received.Select(r => r.Id).Distinct().Count());
    }
}
