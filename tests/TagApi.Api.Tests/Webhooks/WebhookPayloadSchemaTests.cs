using System.Net;
using System.Text.Json.Nodes;
using TagApi.Api.Tests.Infrastructure;
using TagApi.Core.Webhooks.Payloads;

namespace TagApi.Api.Tests.Webhooks;

/// <summary>
/// Real deliveries, as a receiver on loopback got them, match the published schemas (<c>api-specs/webhooks/</c>), with
/// every member they carry documented: every event type a receiver can get is produced at least once.
/// </summary>
public abstract class WebhookPayloadSchemaTests(TagApiFactory factory) : ProviderSuite(factory)
{
    [Fact]
    public async Task Every_event_type_delivered_matches_its_published_schema()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var gone = await WebhookReceiver.StartAsync();
        gone.AnswerNext(410);
        var api = await Factory.CreateTenantAsync();
        var endpoint = (await api.PostAsync("/v1/webhook-endpoints", new { url = receiver.Url }, HttpStatusCode.Created))["endpoint"]!.Str("id");
        await api.PostAsync("/v1/webhook-endpoints", new { url = gone.Url, eventTypes = new[] { "tag.created" } }, HttpStatusCode.Created);

        await api.CreateTagAsync("vip");
        await api.CreateTagAsync("old_vip");
        await api.PostAsync("/v1/segments", new { key = "vips", name = "VIPs", query = "tag = 'vip'" }, HttpStatusCode.Created);
        await SegmentBaselines.WrittenAsync(Factory, api, "vips");
        await api.PatchAsync("/v1/tags/vip", new { name = "Very important" });
        var customer = (await api.UpsertCustomerAsync("schema-1")).Str("id");
        await api.PatchAsync($"/v1/customers/{customer}", new { city = "Hangzhou", email = (string?)null });
        await api.ChangeTagsAsync(customer, add: ["vip", "old_vip"]);
        await receiver.WaitForAsync(r => r.Body.Contains("\"segment.entered\"", StringComparison.Ordinal), TimeSpan.FromSeconds(20));
        await api.ChangeTagsAsync(customer, remove: ["vip"]);
        // The merge below gives the customer vip again: the projection must see the exit before it.
        await receiver.WaitForAsync(r => r.Body.Contains("\"segment.exited\"", StringComparison.Ordinal), TimeSpan.FromSeconds(20));
        await api.PostAsync("/v1/tags/old_vip/merge", new { into = "vip" });
        await api.CreateTagAsync("everyone");
        // A new rule runs at once (rule.run.completed, trigger "definition").
        await api.PostAsync("/v1/rules", new { key = "everyone", name = "Everyone", tag = "everyone", condition = "true" }, HttpStatusCode.Created);
        await api.CreateTagAsync("short_lived");
        await api.DeleteAsync("/v1/tags/short_lived");
        var leaving = (await api.UpsertCustomerAsync("schema-2")).Str("id");
        await api.DeleteAsync($"/v1/customers/{leaving}");
        await api.PostAsync($"/v1/webhook-endpoints/{endpoint}/test", null);
        await BulkJobs.BulkJobClient.FinishedAsync(api, await BulkJobs.BulkJobClient.StartAsync(api, new { kind = "customers.export" }));

        var expected = EventSchemas.Types.ToHashSet(StringComparer.Ordinal);
        await Eventually.WaitForAsync(() => Task.FromResult(TypesOf(receiver)), seen => seen.IsSupersetOf(expected), TimeSpan.FromSeconds(30));

        Assert.Empty(expected.Except(TypesOf(receiver)));
        var problems = receiver.Received.SelectMany(r => PublishedWebhookSchemas.Problems(r.Body)).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private static HashSet<string> TypesOf(WebhookReceiver receiver) =>
        receiver.Received.Select(r => JsonNode.Parse(r.Body)!.Str("type")).ToHashSet(StringComparer.Ordinal);
}

public sealed class WebhookPayloadSchemaOnSqlite(SqliteTagApiFactory factory) : WebhookPayloadSchemaTests(factory), IClassFixture<SqliteTagApiFactory>;

public sealed class WebhookPayloadSchemaOnPostgres(PostgresTagApiFactory factory) : WebhookPayloadSchemaTests(factory), IClassFixture<PostgresTagApiFactory>;
