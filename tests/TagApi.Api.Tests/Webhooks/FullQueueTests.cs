using System.Net;
using TagApi.Api.Tests.Infrastructure;

namespace TagApi.Api.Tests.Webhooks;

/// <summary>
/// TagApi on PostgreSQL with a small per-endpoint queue (2 in flight, 64 queued, claimed for again from 48) and a poll
/// this long that the claim loop only runs when woken.
/// </summary>
public sealed class FullQueuePostgresFactory : TagApiFactoryOnPostgres
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings =>
        [new("Webhooks:PollMilliseconds", "600000"), new("Webhooks:PerEndpointConcurrency", "2")];
}

public sealed class FullQueueTests(FullQueuePostgresFactory factory) : IClassFixture<FullQueuePostgresFactory>
{
    [Fact]
    public async Task Deliveries_written_while_a_hanging_receivers_queue_is_full_are_sent_once_it_drains()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var api = await factory.CreateTenantAsync();
        await api.PostAsync("/v1/webhook-endpoints", new { url = receiver.Url, eventTypes = new[] { "customer.tags.added" } }, HttpStatusCode.Created);
        await api.CreateTagAsync("queued");
        var customers = new List<string>();
        for (var i = 0; i < 100; i++)
        {
            customers.Add((await api.UpsertCustomerAsync($"q{i}")).Str("id"));
        }

        // The first sixty are taken at birth into the endpoint's queue and wait on the hanging receiver; the last forty
        // find the queue above its refill mark and stay in the table. Nothing wakes the claim loop for them but the
        // queue draining to that mark once the receiver answers.
        receiver.Hold();
        foreach (var batch in customers.Chunk(10))
        {
            await api.PostAsync("/v1/tag-assignments", new { add = batch.Select(c => new { customer = c, tag = "queued" }).ToArray() });
        }

        receiver.Release();
        await Eventually.WaitForAsync(() => Task.FromResult(receiver.Received.Select(r => r.Id).Distinct().Count()), n => n >= customers.Count, TimeSpan.FromSeconds(60));

        Assert.Equal(customers.Count, receiver.Received.Select(r => r.Id).Distinct().Count());
    }
}
