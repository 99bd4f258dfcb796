using System.Net;
using TagApi.Api.Tests.Infrastructure;
using TagApi.Core.Tenancy;

namespace TagApi.Api.Tests.GraphQL;

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

public sealed class GraphQLAccessOnSqlite(SqliteTagApiFactory factory) : GraphQLAccessTests(factory), IClassFixture<SqliteTagApiFactory>;

public sealed class GraphQLAccessOnPostgres(PostgresTagApiFactory factory) : GraphQLAccessTests(factory), IClassFixture<PostgresTagApiFactory>;

/// <summary>The same suite with GraphQL execution planning off (the library's own validation and execution).</summary>
public sealed class GraphQLAccessOnSqliteWithoutPlanning(WithoutPlanningSqliteFactory factory) : GraphQLAccessTests(factory), IClassFixture<WithoutPlanningSqliteFactory>;
