using System.Net;
using TagApi.Api.Tests.Infrastructure;

namespace TagApi.Api.Tests.Webhooks;

/// <summary>TagApi on PostgreSQL with a poll this long that the claim loop only runs when woken.</summary>
public sealed class NoPollPostgresFactory : TagApiFactoryOnPostgres
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings => [new("Webhooks:PollMilliseconds", "600000")];
}

/// <summary>TagApi on SQLite with a poll this long that the claim loop only runs when woken.</summary>
public sealed class NoPollSqliteFactory : TagApiFactoryOnSqlite
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings => [new("Webhooks:PollMilliseconds", "600000")];
}

/// <summary>
/// A retry is claimed when it falls due, by the instance that scheduled it, not at the next poll: with a ten-minute
/// poll, a delivery that failed once arrives again when its first retry is due (4–6 s later), well within a minute.
/// </summary>
public abstract class RetryWhenDueTests(TagApiFactory factory) : ProviderSuite(factory)
{
    [Fact]
    public async Task A_failed_delivery_is_retried_when_due_without_waiting_for_the_poll()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var api = await Factory.CreateTenantAsync();
        var endpoint = await api.PostAsync("/v1/webhook-endpoints", new { url = receiver.Url, eventTypes = new[] { "customer.tags.added" } }, HttpStatusCode.Created);
        await api.CreateTagAsync("retried");
        var customer = (await api.UpsertCustomerAsync("r1")).Str("id");

        receiver.AnswerNext(500);
        await api.PostAsync("/v1/tag-assignments", new { add = new[] { new { customer, tag = "retried" } } });
        await Eventually.WaitForAsync(() => Task.FromResult(receiver.Received.Count), n => n >= 2, TimeSpan.FromSeconds(60));

        var arrivals = receiver.Received.ToList();
        Assert.Equal(2, arrivals.Count);
        Assert.Single(arrivals.Select(a => a.Id).Distinct());
        // The attempt log is written a moment after the attempt: wait for both entries, then check them.
        var logged = await Eventually.WaitForAsync(
            async () => (await api.GetAsync($"/v1/webhook-endpoints/{endpoint["endpoint"]!.Str("id")}/deliveries"))["data"]!.AsArray().Select(a => a!["statusCode"]!.GetValue<int>()).ToList(),
            codes => codes.Count == 2, TimeSpan.FromSeconds(10));
        Assert.Equal([200, 500], logged);
    }
}

public sealed class RetryWhenDueOnPostgres(NoPollPostgresFactory factory) : RetryWhenDueTests(factory), IClassFixture<NoPollPostgresFactory>;

public sealed class RetryWhenDueOnSqlite(NoPollSqliteFactory factory) : RetryWhenDueTests(factory), IClassFixture<NoPollSqliteFactory>;
