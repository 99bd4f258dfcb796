using System.Net;
using TagApi.Api.Tests.Infrastructure;
using TagApi.Api.Tests.Webhooks;
using TagApi.Core.Tenancy;

namespace TagApi.Api.Tests.GraphQL;

/// <summary>Webhook endpoints, the change log and the segment index through GraphQL: the same results as REST, the same scope, tenant isolation.</summary>
public abstract class GraphQLWebhookTests(TagApiFactory factory) : ProviderSuite(factory)
{
    private const string Fields = "id url description eventTypes enabled backlog";

    [Fact]
    public async Task Endpoints_managed_through_graphql_read_the_same_through_rest()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var api = await Factory.CreateTenantAsync();
        var created = (await api.GraphQLAsync($$"""
            mutation($url: String!) { createWebhookEndpoint(input: {url: $url, description: "crm", eventTypes: ["tag.created"]}) { endpoint { {{Fields}} } secret userErrors { code } } }
            """, new { url = receiver.Url }))["createWebhookEndpoint"]!;
        Assert.Empty(created["userErrors"]!.AsArray());
        Assert.StartsWith("whsec_", created.Str("secret"), StringComparison.Ordinal);
        var id = created["endpoint"]!.Str("id");

        var rest = await api.GetAsync($"/v1/webhook-endpoints/{id}");
        var read = (await api.GraphQLAsync($"query($id: ID!) {{ webhookEndpoint(id: $id) {{ {Fields} }} node(id: $id) {{ __typename }} }}", new { id }));
        Assert.Equal(rest.Str("url"), read["webhookEndpoint"]!.Str("url"));
        Assert.Equal(rest.Str("description"), read["webhookEndpoint"]!.Str("description"));
        Assert.Equal(["tag.created"], read["webhookEndpoint"]!["eventTypes"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal(rest["backlog"]!.GetValue<int>(), read["webhookEndpoint"]!["backlog"]!.GetValue<int>());
        Assert.Equal("WebhookEndpoint", read["node"]!.Str("__typename"));

        var list = (await api.GraphQLAsync("{ webhookEndpoints(first: 10) { edges { node { id } } } }"))["webhookEndpoints"]!["edges"]!.AsArray();
        Assert.Equal((await api.GetAsync("/v1/webhook-endpoints")).Keys("id"), list.Select(e => e!["node"]!.Str("id")).ToArray());

        var updated = (await api.GraphQLAsync("mutation($id: ID!) { updateWebhookEndpoint(id: $id, input: {enabled: false, description: \"paused\"}) { endpoint { enabled } userErrors { code } } }", new { id }))["updateWebhookEndpoint"]!;
        Assert.False(updated["endpoint"]!["enabled"]!.GetValue<bool>());
        Assert.False((await api.GetAsync($"/v1/webhook-endpoints/{id}"))["enabled"]!.GetValue<bool>());

        var rotated = (await api.GraphQLAsync("mutation($id: ID!) { rotateWebhookSecret(id: $id) { secret endpoint { id } } }", new { id }))["rotateWebhookSecret"]!;
        Assert.StartsWith("whsec_", rotated.Str("secret"), StringComparison.Ordinal);
        Assert.NotEqual(created.Str("secret"), rotated.Str("secret"));

        var deleted = (await api.GraphQLAsync("mutation($id: ID!) { deleteWebhookEndpoint(id: $id) { deletedId userErrors { code } } }", new { id }))["deleteWebhookEndpoint"]!;
        Assert.Equal(id, deleted.Str("deletedId"));
        await api.GetAsync($"/v1/webhook-endpoints/{id}", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Test_replay_deliveries_and_events_match_rest()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var api = await Factory.CreateTenantAsync();
        var created = await api.PostAsync("/v1/webhook-endpoints", new { url = receiver.Url, eventTypes = new[] { "tag.created" } }, HttpStatusCode.Created);
        var id = created["endpoint"]!.Str("id");

        var test = (await api.GraphQLAsync("mutation($id: ID!) { testWebhookEndpoint(id: $id) { delivered statusCode error userErrors { code } } }", new { id }))["testWebhookEndpoint"]!;
        Assert.True(test["delivered"]!.GetValue<bool>());
        Assert.Equal(200, test["statusCode"]!.GetValue<int>());
        await receiver.WaitForAsync(r => r.Body.Contains("webhook_endpoint.test", StringComparison.Ordinal));

        await api.CreateTagAsync("e1");
        await api.CreateTagAsync("e2");
        await receiver.WaitForAsync(r => r.Body.Contains("\"e2\"", StringComparison.Ordinal));
        var restEvents = await api.GetAsync("/v1/events?type=tag.created");
        var events = (await api.GraphQLAsync("{ events(first: 10, type: \"tag.created\") { edges { cursor node { id type data } } } }"))["events"]!["edges"]!.AsArray();
        Assert.Equal(restEvents.Keys("id"), events.Select(e => e!["node"]!.Str("id")).ToArray());
        Assert.Equal("e1", events[0]!["node"]!["data"]!["tag"]!.Str("key"));

        // after takes an event id, as REST's ?after= does.
        var first = events[0]!["node"]!.Str("id");
        var later = (await api.GraphQLAsync("query($a: String) { events(first: 10, after: $a, type: \"tag.created\") { edges { node { id } } } }", new { a = first }))["events"]!["edges"]!.AsArray();
        Assert.Equal((await api.GetAsync($"/v1/events?type=tag.created&after={first}")).Keys("id"), later.Select(e => e!["node"]!.Str("id")).ToArray());

        var replayed = (await api.GraphQLAsync("mutation($id: ID!, $a: ID) { replayWebhookEndpoint(id: $id, after: $a) { queued userErrors { code } } }", new { id, a = first }))["replayWebhookEndpoint"]!;
        var restReplay = await api.PostAsync($"/v1/webhook-endpoints/{id}/replay", new { after = first });
        Assert.Equal(restReplay["queued"]!.GetValue<int>(), replayed["queued"]!.GetValue<int>());
        Assert.Equal(1, replayed["queued"]!.GetValue<int>());
        var noBound = (await api.GraphQLAsync("mutation($id: ID!) { replayWebhookEndpoint(id: $id) { queued userErrors { field code } } }", new { id }))["replayWebhookEndpoint"]!;
        Assert.Equal("validation_failed", noBound["userErrors"]![0]!.Str("code"));

        // Two original deliveries and the two replays of e2; the dispatcher delivers them in the background.
        var restAttempts = await Eventually.WaitForAsync(
            () => api.GetAsync($"/v1/webhook-endpoints/{id}/deliveries"), d => d["data"]!.AsArray().Count >= 4, TimeSpan.FromSeconds(15));

        var attempts = (await api.GraphQLAsync("query($id: ID!) { webhookEndpoint(id: $id) { deliveries(first: 50) { edges { node { eventId statusCode } } } } }", new { id }))["webhookEndpoint"]!["deliveries"]!["edges"]!.AsArray();
        Assert.Equal(4, attempts.Count);
        Assert.Equal(restAttempts.Keys("eventId"), attempts.Select(a => a!["node"]!.Str("eventId")));
        var oldest = (await api.GraphQLAsync("query($id: ID!) { webhookEndpoint(id: $id) { deliveries(last: 1) { edges { node { eventId } } } } }", new { id }))["webhookEndpoint"]!["deliveries"]!["edges"]!.AsArray();
        Assert.Equal(restAttempts.Keys("eventId")[^1], oldest.Single()!["node"]!.Str("eventId"));
    }

    [Fact]
    public async Task Segment_index_stats_match_rest()
    {
        var api = await Factory.CreateTenantAsync();
        await api.CreateTagAsync("idx");
        var customer = await api.UpsertCustomerAsync("i-1");
        await api.ChangeTagsAsync(customer.Str("id"), add: ["idx"]);

        var rest = await api.GetAsync("/v1/segments/index");
        var index = (await api.GraphQLAsync("{ segmentIndex { customers tags memoryBytes version } }"))["segmentIndex"]!;
        Assert.Equal(rest["customers"]!.GetValue<long>(), index["customers"]!.GetValue<long>());
        Assert.Equal(rest["tags"]!.GetValue<int>(), index["tags"]!.GetValue<int>());
        // The index applies changes as they commit, so the later read may have seen more of them.
        Assert.InRange(index["version"]!.GetValue<long>(), rest["version"]!.GetValue<long>(), long.MaxValue);
        Assert.True(index["memoryBytes"]!.GetValue<long>() > 0);
    }

    [Fact]
    public async Task Webhook_fields_need_the_webhooks_scope_like_rest()
    {
        var owner = await Factory.CreateTenantAsync();
        var reader = await owner.WithClientAsync(Scopes.TagsRead, Scopes.CustomersRead, Scopes.SegmentsRead);
        await reader.GetAsync("/v1/webhook-endpoints", HttpStatusCode.Forbidden);
        await reader.GetAsync("/v1/events", HttpStatusCode.Forbidden);
        foreach (var query in new[]
        {
            "{ webhookEndpoints(first: 1) { edges { node { id } } } }",
            "{ events(first: 1) { edges { node { id } } } }",
            "mutation { createWebhookEndpoint(input: {url: \"http://127.0.0.1:9/x\"}) { secret } }",
        })
        {
            var body = await reader.GraphQLErrorAsync(query, HttpStatusCode.Forbidden);
            Assert.Equal(["FORBIDDEN"], body.ErrorCodes());
        }

        var manager = await owner.WithClientAsync(Scopes.WebhooksManage);
        await manager.GraphQLAsync("{ webhookEndpoints(first: 1) { edges { node { id } } } events(first: 1) { edges { node { id } } } }");
    }

    [Fact]
    public async Task Another_tenants_endpoint_is_null_and_its_mutations_report_not_found()
    {
        var mine = await Factory.CreateTenantAsync();
        var theirs = await Factory.CreateTenantAsync();
        var endpoint = await theirs.PostAsync("/v1/webhook-endpoints", new { url = "http://127.0.0.1:9/hook" }, HttpStatusCode.Created);
        var id = endpoint["endpoint"]!.Str("id");
        await theirs.CreateTagAsync("theirs");

        var read = await mine.GraphQLAsync("query($id: ID!) { webhookEndpoint(id: $id) { id } node(id: $id) { id } webhookEndpoints(first: 10) { edges { node { id } } } events(first: 10) { edges { node { id } } } }", new { id });
        Assert.Null(read["webhookEndpoint"]);
        Assert.Null(read["node"]);
        Assert.Empty(read["webhookEndpoints"]!["edges"]!.AsArray());
        Assert.Empty(read["events"]!["edges"]!.AsArray());

        foreach (var mutation in new[]
        {
            "mutation($id: ID!) { r: updateWebhookEndpoint(id: $id, input: {enabled: false}) { userErrors { code } } }",
            "mutation($id: ID!) { r: rotateWebhookSecret(id: $id) { secret userErrors { code } } }",
            "mutation($id: ID!) { r: testWebhookEndpoint(id: $id) { delivered userErrors { code } } }",
            "mutation($id: ID!) { r: replayWebhookEndpoint(id: $id, since: \"2020-01-01T00:00:00Z\") { queued userErrors { code } } }",
            "mutation($id: ID!) { r: deleteWebhookEndpoint(id: $id) { deletedId userErrors { code } } }",
        })
        {
            var result = (await mine.GraphQLAsync(mutation, new { id }))["r"]!;
            Assert.Equal("not_found", result["userErrors"]![0]!.Str("code"));
        }

        Assert.True((await theirs.GetAsync($"/v1/webhook-endpoints/{id}"))["enabled"]!.GetValue<bool>());
    }
}

public sealed class GraphQLWebhookOnSqlite(SqliteTagApiFactory factory) : GraphQLWebhookTests(factory), IClassFixture<SqliteTagApiFactory>;

public sealed class GraphQLWebhookOnPostgres(PostgresTagApiFactory factory) : GraphQLWebhookTests(factory), IClassFixture<PostgresTagApiFactory>;

/// <summary>The same suite with GraphQL execution planning off (the library's own validation and execution).</summary>
public sealed class GraphQLWebhookOnSqliteWithoutPlanning(WithoutPlanningSqliteFactory factory) : GraphQLWebhookTests(factory), IClassFixture<WithoutPlanningSqliteFactory>;
