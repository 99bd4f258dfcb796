using System.Net;
using System.Text.Json.Nodes;
using TagApi.Api.Tests.Infrastructure;

namespace TagApi.Api.Tests.Activities;

public abstract class RecordingActivitiesTests(TagApiFactory factory) : ProviderSuite(factory)
{
    [Fact]
    public async Task An_activity_is_recorded_once_and_maintains_the_customer_metrics()
    {
        var api = await Factory.CreateTenantAsync();
        var customer = (await api.UpsertCustomerAsync("shopper")).Str("id");
        var at = DateTime.UtcNow.AddDays(-3);
        var order = new { externalId = "order-1", customer, type = "purchase", amount = 120.5m, currency = "cny", channel = "Web", occurredAt = at };

        var first = await api.PostAsync("/v1/activities", order, HttpStatusCode.Created);
        Assert.StartsWith("act_", first.Str("id"));
        Assert.False(first["duplicate"]!.GetValue<bool>());
        var replay = await api.PostAsync("/v1/activities", order, HttpStatusCode.OK);
        Assert.True(replay["duplicate"]!.GetValue<bool>());
        Assert.Equal(first.Str("id"), replay.Str("id"));

        await api.PostAsync("/v1/activities", new { customerExternalId = "shopper", type = "purchase", amount = 79.5m, occurredAt = at.AddDays(-10) }, HttpStatusCode.Created);
        await api.PostAsync("/v1/activities", new { customerExternalId = "shopper", type = "visit", channel = "app" }, HttpStatusCode.Created);

        var metrics = (await api.GetAsync($"/v1/customers/{customer}"))["metrics"]!;
        Assert.Equal(200m, metrics["totalSpent"]!.GetValue<decimal>());
        Assert.Equal(2, metrics["orderCount"]!.GetValue<int>());
        Assert.Equal(at.AddDays(-10), metrics["firstOrderAt"]!.GetValue<DateTime>(), TimeSpan.FromMilliseconds(1));
        Assert.Equal(at, metrics["lastOrderAt"]!.GetValue<DateTime>(), TimeSpan.FromMilliseconds(1));
        Assert.True(metrics["lastActivityAt"]!.GetValue<DateTime>() > at);
    }

    [Fact]
    public async Task A_batch_is_all_or_nothing_with_every_bad_item_listed()
    {
        var api = await Factory.CreateTenantAsync();
        await api.UpsertCustomerAsync("a");
        var bad = await api.PostAsync("/v1/activities", new
        {
            activities = new object[]
            {
                new { customerExternalId = "a", type = "interaction", channel = "email" },
                new { customerExternalId = "ghost", type = "interaction" },
                new { customerExternalId = "a", type = "purchase" },
                new { customerExternalId = "a", type = "visit", occurredAt = Factory.Clock.GetUtcNow().UtcDateTime.AddHours(1) },
                new { customerExternalId = "a", type = "purchase", amount = -5 },
                new { customerExternalId = "a", type = "purchase", amount = 1.23456m },
                new { customerExternalId = "a", type = "purchase", amount = 5, currency = "euro" },
                new { customerExternalId = "a", customer = "cus_x", type = "visit" },
                new { customerExternalId = "a", type = "Bad Type" },
            },
        }, HttpStatusCode.BadRequest);
        Assert.Equal("batch_rejected", bad.Str("code"));
        var items = bad["items"]!.AsArray();
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8], items.Select(i => i!["index"]!.GetValue<int>()));
        Assert.Equal("not_found", items[0]!.Str("code"));
        Assert.Contains("needs an 'amount'", items[1]!.Str("message"), StringComparison.Ordinal);
        Assert.Contains("future", items[2]!.Str("message"), StringComparison.Ordinal);
        var count = await api.PostAsync("/v1/segments/query", new { query = "count(interaction, 30d) >= 1", limit = 1 });
        Assert.Equal(0, count["count"]!.GetValue<long>());

        var good = await api.PostAsync("/v1/activities", new
        {
            activities = new object[]
            {
                new { externalId = "i-1", customerExternalId = "a", type = "interaction", channel = "email" },
                new { externalId = "i-1", customerExternalId = "a", type = "interaction", channel = "email" },
                new { externalId = "i-2", customerExternalId = "a", type = "interaction", channel = "chat" },
            },
        });
        Assert.Equal((2, 1), (good["recorded"]!.GetValue<int>(), good["duplicates"]!.GetValue<int>()));
        Assert.Equal(good["data"]![0]!.Str("id"), good["data"]![1]!.Str("id"));
    }

    [Fact]
    public async Task Malformed_requests_are_refused_clearly()
    {
        var api = await Factory.CreateTenantAsync();
        await api.UpsertCustomerAsync("a");
        var unknown = await api.PostAsync("/v1/activities", new { customerExternalId = "a", type = "visit", colour = "red" }, HttpStatusCode.BadRequest);
        Assert.Contains("colour", unknown.ToJsonString(), StringComparison.Ordinal);
        var mixed = await api.PostAsync("/v1/activities", new { activities = new[] { new { customerExternalId = "a", type = "visit" } }, type = "visit" }, HttpStatusCode.BadRequest);
        Assert.Equal("validation_failed", mixed.Str("code"));
        var empty = await api.PostAsync("/v1/activities", new { activities = Array.Empty<object>() }, HttpStatusCode.BadRequest);
        Assert.Contains("at least one", empty.ToJsonString(), StringComparison.Ordinal);
        var tooMany = Enumerable.Range(0, 1001).Select(_ => new { customerExternalId = "a", type = "visit" }).ToArray();
        await api.PostAsync("/v1/activities", new { activities = tooMany }, HttpStatusCode.BadRequest);
        var props = await api.PostAsync("/v1/activities", new { customerExternalId = "a", type = "visit", properties = new[] { 1, 2 } }, HttpStatusCode.BadRequest);
        Assert.Contains("JSON object", props.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bulk_import_streams_lines_skips_bad_ones_and_is_safe_to_resend()
    {
        var api = await Factory.CreateTenantAsync();
        for (var i = 0; i < 30; i++)
        {
            await api.UpsertCustomerAsync($"b{i}");
        }

        var lines = new List<string>();
        for (var i = 0; i < 12_000; i++)
        {
            lines.Add($$"""{"externalId":"o{{i}}","customerExternalId":"b{{i % 30}}","type":"purchase","amount":{{i % 7 + 1}},"channel":"web"}""");
        }

        lines.Insert(5, "{not json");
        lines.Insert(9000, """{"customerExternalId":"nobody","type":"visit"}""");
        lines.Insert(9001, "");
        var body = string.Join('\n', lines) + "\n";

        async Task<JsonNode> ImportAsync()
        {
            using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/x-ndjson");
            var response = await api.Http.PostAsync(new Uri("/v1/activities/bulk", UriKind.Relative), content);
            return await api.Http.ExpectAsync(response, HttpStatusCode.OK);
        }

        var first = await ImportAsync();
        Assert.Equal((12_002L, 12_000L, 0L, 2L), (first["lines"]!.GetValue<long>(), first["recorded"]!.GetValue<long>(), first["duplicates"]!.GetValue<long>(), first["rejected"]!.GetValue<long>()));
        Assert.Equal([6L, 9001L], first["errors"]!.AsArray().Select(e => e!["line"]!.GetValue<long>()));
        var again = await ImportAsync();
        Assert.Equal((0L, 12_000L), (again["recorded"]!.GetValue<long>(), again["duplicates"]!.GetValue<long>()));

        var metrics = (await api.GetAsync("/v1/customers/by-external-id/b0"))["metrics"]!;
        Assert.Equal(400, metrics["orderCount"]!.GetValue<int>());
        var count = await api.PostAsync("/v1/segments/query", new { query = "count(purchase, channel = 'web', 1d) = 400", limit = 1 });
        Assert.Equal(30, count["count"]!.GetValue<long>());

        using var wrongType = new StringContent(body, System.Text.Encoding.UTF8, "text/plain");
        await api.Http.ExpectAsync(await api.Http.PostAsync(new Uri("/v1/activities/bulk", UriKind.Relative), wrongType), HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Behaviour_windows_follow_the_clock_as_days_pass()
    {
        var api = await Factory.CreateTenantAsync();
        var customer = (await api.UpsertCustomerAsync("fan")).Str("id");
        var now = Factory.Clock.GetUtcNow().UtcDateTime;
        foreach (var daysAgo in new[] { 1, 10, 29 })
        {
            await api.PostAsync("/v1/activities", new { customer, type = "interaction", channel = "email", occurredAt = now.AddDays(-daysAgo) }, HttpStatusCode.Created);
        }

        await api.PostAsync("/v1/activities", new { customer, type = "purchase", amount = 6000, occurredAt = now.AddDays(-100) }, HttpStatusCode.Created);
        await api.PostAsync("/v1/activities", new { customer, type = "purchase", amount = 5000, occurredAt = now.AddDays(-20) }, HttpStatusCode.Created);

        async Task<long> CountAsync(string query) => (await api.PostAsync("/v1/segments/query", new { query, limit = 1 }))["count"]!.GetValue<long>();
        Assert.Equal(1, await CountAsync("count(interaction, 30d) >= 3"));
        Assert.Equal(1, await CountAsync("count(interaction, channel = 'email', 30d) = 3"));
        Assert.Equal(0, await CountAsync("count(interaction, channel = 'chat', 30d) > 0"));
        Assert.Equal(1, await CountAsync("count(interaction, 48h) = 1"));
        Assert.Equal(1, await CountAsync("sum(purchase.amount, 365d) > 10000"));
        Assert.Equal(1, await CountAsync("sum(purchase.amount, 30d) = 5000"));
        Assert.Equal(1, await CountAsync("daysSince(purchase) = 20 AND orderCount = 2"));
        Assert.Equal(0, await CountAsync("daysSince(visit) >= 0"));

        Factory.Clock.Advance(TimeSpan.FromDays(2));
        await api.RefreshTokenAsync();
        Assert.Equal(0, await CountAsync("count(interaction, 30d) >= 3"));
        Assert.Equal(1, await CountAsync("count(interaction, 30d) = 2"));
        Assert.Equal(1, await CountAsync("daysSince(purchase) = 22"));
        Factory.Clock.Advance(TimeSpan.FromDays(270));
        await api.RefreshTokenAsync();
        Assert.Equal(0, await CountAsync("sum(purchase.amount, 365d) > 10000"));
        Assert.Equal(1, await CountAsync("sum(purchase.amount, 365d) = 5000 AND daysSince(purchase) > 90"));
    }
}

public sealed class RecordingActivitiesOnSqlite(SqliteTagApiFactory factory) : RecordingActivitiesTests(factory), IClassFixture<SqliteTagApiFactory>;

public sealed class RecordingActivitiesOnPostgres(PostgresTagApiFactory factory) : RecordingActivitiesTests(factory), IClassFixture<PostgresTagApiFactory>;
