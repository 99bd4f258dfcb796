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

/// <summary>Scopes, tenancy and business failures over GraphQL.</summary>
public abstract class GraphQLAccessTests(TagApiFactory factory) : ProviderSuite(factory)
{
    [Fact]
    public async Task A_field_whose_scope_the_token_lacks_is_forbidden()
    {
        var owner = await Factory.CreateTenantAsync();
        var reader = await owner.WithClientAsync(Scopes.CustomersRead);
        var body = await reader.GraphQLErrorAsync("{ tags(first: 1) { edges { node { key } } } }", HttpStatusCode.Forbidden);
        Assert.Equal(["FORBIDDEN"], body.ErrorCodes());
        Assert.Contains("tags:read", body["errors"]![0]!.Str("message"), StringComparison.Ordinal);

        var write = await reader.GraphQLErrorAsync("mutation { createTag(input: {key: \"x\", name: \"x\"}) { tag { id } } }", HttpStatusCode.Forbidden);
        Assert.Equal(["FORBIDDEN"], write.ErrorCodes());
    }

    [Fact]
    public async Task Pii_is_null_without_the_pii_scope()
    {
        var owner = await Factory.CreateTenantAsync();
        var customer = await owner.UpsertCustomerAsync("p-1", new { name = "Han Meimei", email = "han@example.com", city = "Beijing" });
        var reader = await owner.WithClientAsync(Scopes.CustomersRead);
        var data = await reader.GraphQLAsync("query($id: ID!) { customer(id: $id) { name email city } }", new { id = customer.Str("id") });
        Assert.Null(data["customer"]!["name"]);
        Assert.Null(data["customer"]!["email"]);
        Assert.Equal("Beijing", data["customer"]!.Str("city"));
        var full = await owner.GraphQLAsync("query($id: ID!) { customer(id: $id) { name } }", new { id = customer.Str("id") });
        Assert.Equal("Han Meimei", full["customer"]!.Str("name"));
    }

    [Fact]
    public async Task Another_tenants_ids_resolve_to_null_and_mutations_report_not_found()
    {
        var mine = await Factory.CreateTenantAsync();
        var theirs = await Factory.CreateTenantAsync();
        var tag = await theirs.CreateTagAsync("secret");
        var customer = await theirs.UpsertCustomerAsync("x-1");

        var data = await mine.GraphQLAsync("query($t: ID!, $c: ID!) { tag(id: $t) { key } customer(id: $c) { id } node(id: $t) { id } }",
            new { t = tag.Str("id"), c = customer.Str("id") });
        Assert.Null(data["tag"]);
        Assert.Null(data["customer"]);
        Assert.Null(data["node"]);

        var update = await mine.GraphQLAsync("mutation($t: String!) { updateTag(id: $t, input: {name: \"mine\"}) { tag { id } userErrors { code } } }", new { t = tag.Str("id") });
        Assert.Equal("not_found", update["updateTag"]!["userErrors"]![0]!.Str("code"));
        Assert.Equal("secret", (await theirs.GetAsync("/v1/tags/secret")).Str("name"));
    }

    [Fact]
    public async Task Node_resolves_each_kind_of_id()
    {
        var api = await Factory.CreateTenantAsync();
        var tag = await api.CreateTagAsync("n1");
        var customer = await api.UpsertCustomerAsync("n-1");
        var data = await api.GraphQLAsync("query($t: ID!, $c: ID!, $k: ID!) { t: node(id: $t) { __typename id } c: node(id: $c) { __typename } k: node(id: $k) { ... on TagCategory { key } } }",
            new { t = tag.Str("id"), c = customer.Str("id"), k = tag["category"]!.Str("id") });
        Assert.Equal("Tag", data["t"]!.Str("__typename"));
        Assert.Equal("Customer", data["c"]!.Str("__typename"));
        Assert.Equal("custom", data["k"]!.Str("key"));
    }

    [Fact]
    public async Task Business_failures_are_user_errors_with_rest_codes()
    {
        var api = await Factory.CreateTenantAsync();
        await api.CreateTagAsync("dup");
        var conflict = await api.GraphQLAsync("mutation { createTag(input: {key: \"dup\", name: \"again\"}) { tag { id } userErrors { field code message } } }");
        Assert.Equal("conflict", conflict["createTag"]!["userErrors"]![0]!.Str("code"));
        Assert.Null(conflict["createTag"]!["tag"]);

        var invalid = await api.GraphQLAsync("mutation { createTag(input: {key: \"Bad Key\", name: \"x\", color: \"red\"}) { userErrors { field code } } }");
        var fields = invalid["createTag"]!["userErrors"]!.AsArray().Select(e => e!.Str("field")).Order().ToArray();
        Assert.Equal(["input.color", "input.key"], fields);
        Assert.All(invalid["createTag"]!["userErrors"]!.AsArray(), e => Assert.Equal("validation_failed", e!.Str("code")));

        var badPage = await api.Http.PostGraphQLAsync("{ tags(first: 500) { edges { cursor } } }");
        Assert.Contains("validation_failed", badPage.Body.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deep_and_costly_queries_are_refused_before_running()
    {
        var api = await Factory.CreateTenantAsync();
        var deep = "{ tag(key: \"a\") { " + string.Concat(Enumerable.Repeat("parent { ", 16)) + "key" + new string('}', 17) + " }";
        var tooDeep = await api.GraphQLErrorAsync(deep, HttpStatusCode.BadRequest);
        Assert.Contains("depth", tooDeep["errors"]![0]!.Str("message"), StringComparison.OrdinalIgnoreCase);

        var costly = await api.GraphQLErrorAsync(
            "{ customers(first: 200) { edges { node { tags { tag { customers(first: 200) { edges { node { id externalId } } } } } } } } }", HttpStatusCode.BadRequest);
        Assert.Contains("complexity", costly["errors"]![0]!.Str("message"), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("tags { tag { key } }", "", false)]
    [InlineData("tags { tag { key category { key } } }", "", true)]
    [InlineData("tags { tag { key ... on Tag { category { key } } } }", "", true)]
    [InlineData("tags { tag { ...TagWithCategory } }", "fragment TagWithCategory on Tag { key category { key } }", true)]
    public async Task A_customer_with_its_tags_is_one_round_trip_with_or_without_their_categories(string tags, string fragments, bool categories)
    {
        var api = await Factory.CreateTenantAsync();
        await api.CreateTagAsync("t1", category: "value");
        var id = (await api.UpsertCustomerAsync("c1")).Str("id");
        await api.ChangeTagsAsync(id, add: ["t1"]);
        var query = $"query($id: ID!) {{ customer(id: $id) {{ externalId {tags} }} }} {fragments}";
        await api.GraphQLAsync(query, new { id });
        Factory.Commands.Reset(api.ClientId);

        var tag = (await api.GraphQLAsync(query, new { id }))["customer"]!["tags"]![0]!["tag"]!;

        Assert.Equal(1, Factory.Commands.CountFor(api.ClientId));
        Assert.Equal("t1", tag.Str("key"));
        Assert.Equal(categories ? "value" : null, tag["category"]?.Str("key"));
    }

    // A document asking only tag keys gets tags read as keys only; any other selection of a tag in the same
    // document (an alias, a repeated field, a fragment) must still see the whole tag.
    [Theory]
    [InlineData("one { tags { tag { id key __typename } source } }", "", false)]
    [InlineData("one { tags { tag { key } } } other { tags { tag { key name } } }", "", true)]
    [InlineData("one { tags { tag { key } } } other { tags { tag { key } } tags { tag { name } } }", "", true)]
    [InlineData("one { tags { tag { key } } ...Named } other { tags { tag { key name } } }", "fragment Named on Customer { tags { tag { name } } }", true)]
    public async Task Tags_read_for_their_keys_only_answer_every_field_the_document_selects(string selections, string fragments, bool named)
    {
        var api = await Factory.CreateTenantAsync();
        var tagId = (await api.CreateTagAsync("t1", name: "Tag one")).Str("id");
        var id = (await api.UpsertCustomerAsync("c1")).Str("id");
        await api.ChangeTagsAsync(id, add: ["t1"]);
        var query = $"query($id: ID!) {{ {selections.Replace("one {", "one: customer(id: $id) {").Replace("other {", "other: customer(id: $id) {")} }} {fragments}";

        var data = await api.GraphQLAsync(query, new { id });

        var one = data["one"]!["tags"]![0]!;
        Assert.Equal("t1", one["tag"]!.Str("key"));
        if (one["tag"]!["id"] is not null)
        {
            Assert.Equal(tagId, one["tag"]!.Str("id"));
            Assert.Equal("Tag", one["tag"]!.Str("__typename"));
            Assert.Equal("MANUAL", one.Str("source"));
        }

        Assert.Equal(named ? "Tag one" : null, (data["other"] ?? data["one"])!["tags"]![0]!["tag"]!["name"]?.GetValue<string>());
    }

    [Fact]
    public async Task A_page_of_fifty_customers_with_tags_and_categories_costs_a_constant_number_of_round_trips()
    {
        var api = await Factory.CreateTenantAsync();
        await api.CreateTagAsync("t1", category: "value");
        await api.CreateTagAsync("t2", category: "behavior", parent: "t1");
        var batch = Enumerable.Range(0, 50).SelectMany(i => new[] { new { externalId = $"r-{i}", tag = "t1" }, new { externalId = $"r-{i}", tag = "t2" } }).ToList();
        for (var i = 0; i < 50; i++)
        {
            await api.UpsertCustomerAsync($"r-{i}");
        }

        await api.PostAsync("/v1/tag-assignments", new { add = batch });
        const string Query = "{ customers(first: 50) { edges { node { id tags { source tag { key customerCount category { key exclusive } parent { key category { key } } } } } } } }";
        await api.GraphQLAsync(Query);
        Factory.Commands.Reset(api.ClientId);
        var data = await api.GraphQLAsync(Query);

        var edges = data["customers"]!["edges"]!.AsArray();
        Assert.Equal(50, edges.Count);
        Assert.All(edges, e => Assert.Equal(2, e!["node"]!["tags"]!.AsArray().Count));
        Assert.True(Factory.Commands.CountFor(api.ClientId) <= 5, $"{Factory.Commands.CountFor(api.ClientId)} round trips for 50 customers");
    }
}

public sealed class GraphQLParityOnSqlite(SqliteTagApiFactory factory) : GraphQLParityTests(factory), IClassFixture<SqliteTagApiFactory>;

public sealed class GraphQLParityOnPostgres(PostgresTagApiFactory factory) : GraphQLParityTests(factory), IClassFixture<PostgresTagApiFactory>;

public sealed class GraphQLAccessOnSqlite(SqliteTagApiFactory factory) : GraphQLAccessTests(factory), IClassFixture<SqliteTagApiFactory>;

public sealed class GraphQLAccessOnPostgres(PostgresTagApiFactory factory) : GraphQLAccessTests(factory), IClassFixture<PostgresTagApiFactory>;
