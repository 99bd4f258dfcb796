using System.Net;
using TagApi.Api.Tests.Infrastructure;
using TagApi.Core.Tenancy;

namespace TagApi.Api.Tests.GraphQL;

/// <summary>GraphQL and REST give the same results, because both call the same Core services.</summary>
public abstract class GraphQLParityTests(TagApiFactory factory) : ProviderSuite(factory)
{
    [Fact]
    public async Task A_tag_reads_the_same_through_rest_and_graphql()
    {
        var api = await Factory.CreateTenantAsync();
        await api.CreateTagAsync("electronics", category: "behavior");
        var phones = await api.CreateTagAsync("phones", parent: "electronics", name: "手机");
        var customer = await api.UpsertCustomerAsync("c-1");
        await api.ChangeTagsAsync(customer.Str("id"), add: ["phones"]);

        var rest = await api.GetAsync("/v1/tags/phones");
        var data = await api.GraphQLAsync("""
            query($key: String!) { tag(key: $key) { id key name color ruleOwned archived customerCount category { id key } parent { id key children { key } } } }
            """, new { key = "phones" });
        var tag = data["tag"]!;

        Assert.Equal(phones.Str("id"), tag.Str("id"));
        Assert.Equal(rest.Str("name"), tag.Str("name"));
        Assert.Equal(rest["customerCount"]!.GetValue<int>(), tag["customerCount"]!.GetValue<int>());
        Assert.Equal(rest["category"]!.Str("id"), tag["category"]!.Str("id"));
        Assert.Equal(rest.Str("parentId"), tag["parent"]!.Str("id"));
        Assert.Equal("phones", tag["parent"]!["children"]![0]!.Str("key"));
    }

    [Fact]
    public async Task Connections_use_the_same_cursors_as_rest_lists()
    {
        var api = await Factory.CreateTenantAsync();
        foreach (var key in new[] { "a1", "a2", "a3", "a4", "a5" })
        {
            await api.CreateTagAsync(key);
        }

        var first = (await api.GraphQLAsync("{ tags(first: 2) { edges { cursor node { key } } pageInfo { hasNextPage endCursor } } }"))["tags"]!;
        var restFirst = await api.GetAsync("/v1/tags?limit=2");
        Assert.Equal(restFirst.Str("nextCursor"), first["pageInfo"]!.Str("endCursor"));
        Assert.True(first["pageInfo"]!["hasNextPage"]!.GetValue<bool>());

        var restSecond = await api.GetAsync("/v1/tags?limit=2&cursor=" + first["pageInfo"]!.Str("endCursor"));
        var second = (await api.GraphQLAsync("query($after: String) { tags(first: 2, after: $after) { edges { node { key } } } }",
            new { after = restFirst.Str("nextCursor") }))["tags"]!;
        Assert.Equal(restSecond.Keys(), second["edges"]!.AsArray().Select(e => e!["node"]!.Str("key")).ToArray());
    }

    [Fact]
    public async Task Customers_written_through_graphql_read_the_same_through_rest()
    {
        var api = await Factory.CreateTenantAsync();
        await api.CreateTagAsync("vip");
        await api.CreateTagAsync("gold", category: "value");
        await api.CreateTagAsync("silver", category: "value");
        var upsert = await api.GraphQLAsync("""
            mutation($input: CustomerInput!) { upsertCustomer(externalId: "shop-1", input: $input) { created customer { id city type attributes } userErrors { code } } }
            """, new { input = new { name = "Li Lei", city = "Shanghai", type = "COMPANY", source = "ONLINE", attributes = new { vipLevel = 3 } } });
        var id = upsert["upsertCustomer"]!["customer"]!.Str("id");
        Assert.True(upsert["upsertCustomer"]!["created"]!.GetValue<bool>());

        var added = await api.GraphQLAsync("mutation($id: ID!) { tagsAdd(customer: $id, tags: [\"vip\", \"gold\"]) { added customer { tags { tag { key } source } } } }", new { id });
        Assert.Equal(["gold", "vip"], added["tagsAdd"]!["added"]!.AsArray().Select(k => k!.GetValue<string>()).Order().ToArray());
        var replaced = await api.GraphQLAsync("mutation($id: ID!) { tagsAdd(customer: $id, tags: [\"silver\"]) { removed } }", new { id });
        Assert.Equal("gold", replaced["tagsAdd"]!["removed"]![0]!.GetValue<string>());

        var rest = await api.GetAsync($"/v1/customers/{id}");
        Assert.Equal("Shanghai", rest.Str("city"));
        Assert.Equal("company", rest.Str("type"));
        Assert.Equal(3, rest["attributes"]!["vipLevel"]!.GetValue<int>());
        Assert.Equal(["silver", "vip"], await api.TagKeysOfAsync(id));

        var history = await api.GraphQLAsync("query($id: ID!) { customer(id: $id) { tagHistory(first: 10) { edges { node { tagKey action source } } } } }", new { id });
        var restHistory = await api.GetAsync($"/v1/customers/{id}/tag-history");
        Assert.Equal(restHistory.Keys("tagKey"), history["customer"]!["tagHistory"]!["edges"]!.AsArray().Select(e => e!["node"]!.Str("tagKey")).ToArray());
        Assert.Equal("ADDED", history["customer"]!["tagHistory"]!["edges"]![0]!["node"]!.Str("action"));
    }

    [Fact]
    public async Task A_batch_assigns_by_external_id_and_reports_bad_items_as_user_errors()
    {
        var api = await Factory.CreateTenantAsync();
        await api.CreateTagAsync("vip");
        await api.UpsertCustomerAsync("e-1");
        var ok = await api.GraphQLAsync("mutation { assignTags(add: [{externalId: \"e-1\", tag: \"vip\"}], source: IMPORT) { added changes { tag action } userErrors { code } } }");
        Assert.Equal(1, ok["assignTags"]!["added"]!.GetValue<int>());
        Assert.Empty(ok["assignTags"]!["userErrors"]!.AsArray());

        var bad = await api.GraphQLAsync("mutation { assignTags(add: [{externalId: \"e-1\", tag: \"vip\"}, {externalId: \"e-1\", tag: \"nope\"}]) { added userErrors { field code } } }");
        var errors = bad["assignTags"]!["userErrors"]!.AsArray();
        Assert.Equal("add[1]", errors[0]!.Str("field"));
        Assert.Null(bad["assignTags"]!["added"]);
    }

    [Fact]
    public async Task Segment_queries_count_and_page_like_rest()
    {
        var api = await Factory.CreateTenantAsync();
        await api.CreateTagAsync("vip");
        for (var i = 0; i < 3; i++)
        {
            var c = await api.UpsertCustomerAsync($"s-{i}");
            await api.ChangeTagsAsync(c.Str("id"), add: ["vip"]);
        }

        var rest = await api.PostAsync("/v1/segments/query", new { query = "tag = 'vip'", limit = 2 });
        var data = await api.GraphQLAsync("{ segmentQuery(query: \"tag = 'vip'\", first: 2) { totalCount pageInfo { endCursor } edges { node { id } } } }");
        Assert.Equal(rest["count"]!.GetValue<long>(), data["segmentQuery"]!["totalCount"]!.GetValue<long>());
        Assert.Equal(rest.Str("nextCursor"), data["segmentQuery"]!["pageInfo"]!.Str("endCursor"));

        var created = await api.GraphQLAsync("mutation { createSegment(input: {key: \"vips\", name: \"VIPs\", query: \"tag = 'vip'\"}) { segment { id count } userErrors { code } } }");
        Assert.Equal(3, created["createSegment"]!["segment"]!["count"]!.GetValue<long>());
        var invalid = await api.GraphQLAsync("{ validateSegmentQuery(query: \"tag = 'vipp'\") { valid errors { unknown suggestion } } }");
        Assert.False(invalid["validateSegmentQuery"]!["valid"]!.GetValue<bool>());
        Assert.Equal("vip", invalid["validateSegmentQuery"]!["errors"]![0]!.Str("suggestion"));
    }
}

public sealed class GraphQLParityOnSqlite(SqliteTagApiFactory factory) : GraphQLParityTests(factory), IClassFixture<SqliteTagApiFactory>;

public sealed class GraphQLParityOnPostgres(PostgresTagApiFactory factory) : GraphQLParityTests(factory), IClassFixture<PostgresTagApiFactory>;

/// <summary>The same suite with GraphQL execution planning off (the library's own validation and execution).</summary>
public sealed class GraphQLParityOnSqliteWithoutPlanning(WithoutPlanningSqliteFactory factory) : GraphQLParityTests(factory), IClassFixture<WithoutPlanningSqliteFactory>;
