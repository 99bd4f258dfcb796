using System.Net;
using Microsoft.Extensions.DependencyInjection;
using TagApi.Api.Tests.Infrastructure;
using TagApi.Core.Webhooks;

namespace TagApi.Api.Tests.Webhooks;

/// <summary>
/// TagApi on PostgreSQL with its dispatcher running, which takes the deliveries of its own writes at birth; a poll
/// this long means the claim loop only runs when woken.
/// </summary>
public sealed class ClaimAtBirthPostgresFactory : TagApiFactoryOnPostgres
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings => [new("Webhooks:PollMilliseconds", "600000")];
}

public sealed class ClaimAtBirthTests(ClaimAtBirthPostgresFactory factory) : IClassFixture<ClaimAtBirthPostgresFactory>
{
    [Fact]
    public async Task Deliveries_born_claimed_are_sent_once_while_another_dispatcher_claims_everything_it_can()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var api = await factory.CreateTenantAsync();
        await api.PostAsync("/v1/webhook-endpoints", new { url = receiver.Url, eventTypes = new[] { "customer.tags.added" } }, HttpStatusCode.Created);
        await api.CreateTagAsync("born");
        var customers = new List<string>();
        for (var i = 0; i < 120; i++)
        {
            customers.Add((await api.UpsertCustomerAsync($"b{i}")).Str("id"));
        }

        // A second instance's dispatcher claims whatever it can see, before, during and after the writes.
        var other = new WebhookDispatcher(
            factory.Services.GetRequiredService<IServiceScopeFactory>(), new HttpClient(), factory.Services.GetRequiredService<WebhookUrlPolicy>(), factory.Services.GetRequiredService<IWebhookSecretProtector>(), factory.Clock);
        using var writesDone = new CancellationTokenSource();
        var competing = Task.Run(async () =>
        {
            while (!writesDone.IsCancellationRequested)
            {
                await other.RunOnceAsync(CancellationToken.None);
            }
        });
        foreach (var batch in customers.Chunk(10))
        {
            await api.PostAsync("/v1/tag-assignments", new { add = batch.Select(c => new { customer = c, tag = "born" }).ToArray() });
        }

        await Eventually.WaitForAsync(() => Task.FromResult(receiver.Received.Count), n => n >= customers.Count);
        await writesDone.CancelAsync();
        await competing;
        while (await other.RunOnceAsync(CancellationToken.None) > 0)
        {
        }

        Assert.Equal(customers.Count, receiver.Received.Count);
        Assert.Equal(customers.Count, receiver.Received.Select(r => r.Id).Distinct().Count());
    }
}
