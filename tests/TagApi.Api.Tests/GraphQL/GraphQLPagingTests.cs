using System.Net;
using System.Text.Json.Nodes;
using TagApi.Api.Tests.Infrastructure;

namespace TagApi.Api.Tests.GraphQL;

/// <summary>Relay paging both ways: first/after forward, last/before backward, on ascending and newest-first lists and on segment members.</summary>
public abstract class GraphQLPagingTests(TagApiFactory factory) : ProviderSuite(factory)
{
    [Fact]
    public async Task Last_and_before_walk_a_list_backwards_to_its_start()
    {
        var api = await Factory.CreateTenantAsync();
        foreach (var key in new[] { "a1", "a2", "a3", "a4", "a5" })
        {
            await api.CreateTagAsync(key);
        }

        const string query = "query($n: Int!, $before: String) { tags(last: $n, before: $before) { edges { node { key } } pageInfo { hasPreviousPage hasNextPage startCursor endCursor } } }";
        var last = (await api.GraphQLAsync(query, new { n = 2 }))["tags"]!;
        Assert.Equal(["a4", "a5"], Keys(last));
        Assert.True(Info(last, "hasPreviousPage"));
        Assert.False(Info(last, "hasNextPage"));

        var middle = (await api.GraphQLAsync(query, new { n = 2, before = last["pageInfo"]!.Str("startCursor") }))["tags"]!;
        Assert.Equal(["a2", "a3"], Keys(middle));
        Assert.True(Info(middle, "hasPreviousPage"));
        Assert.True(Info(middle, "hasNextPage"));

        var start = (await api.GraphQLAsync(query, new { n = 2, before = middle["pageInfo"]!.Str("startCursor") }))["tags"]!;
        Assert.Equal(["a1"], Keys(start));
        Assert.False(Info(start, "hasPreviousPage"));

        // A backward page's endCursor continues forward from it, as a REST cursor would.
        var forward = (await api.GraphQLAsync("query($a: String) { tags(first: 2, after: $a) { edges { node { key } } } }",
            new { a = start["pageInfo"]!.Str("endCursor") }))["tags"]!;
        Assert.Equal(["a2", "a3"], Keys(forward));
        var rest = await api.GetAsync("/v1/tags?limit=2&cursor=" + start["pageInfo"]!.Str("endCursor"));
        Assert.Equal(rest.Keys(), Keys(forward));
    }

    [Fact]
    public async Task After_and_before_together_bound_a_window()
    {
        var api = await Factory.CreateTenantAsync();
        foreach (var key in new[] { "b1", "b2", "b3", "b4", "b5" })
        {
            await api.CreateTagAsync(key);
        }

        var all = (await api.GraphQLAsync("{ tags(first: 5) { edges { cursor node { key } } } }"))["tags"]!["edges"]!.AsArray();
        var (after, before) = (all[0]!.Str("cursor"), all[4]!.Str("cursor"));
        var window = await api.GraphQLAsync("query($a: String, $b: String) { f: tags(first: 10, after: $a, before: $b) { edges { node { key } } } l: tags(last: 2, after: $a, before: $b) { edges { node { key } } pageInfo { hasPreviousPage } } }",
            new { a = after, b = before });
        Assert.Equal(["b2", "b3", "b4"], Keys(window["f"]!));
        Assert.Equal(["b3", "b4"], Keys(window["l"]!));
        Assert.True(Info(window["l"]!, "hasPreviousPage"));
    }

    [Fact]
    public async Task Newest_first_history_and_segment_members_page_backwards_too()
    {
        var api = await Factory.CreateTenantAsync();
        await api.CreateTagAsync("h1");
        await api.CreateTagAsync("h2");
        await api.CreateTagAsync("h3");
        var customer = await api.UpsertCustomerAsync("p-1");
        var id = customer.Str("id");
        foreach (var tag in new[] { "h1", "h2", "h3" })
        {
            await api.ChangeTagsAsync(id, add: [tag]);
        }

        var history = (await api.GraphQLAsync("query($id: ID!) { customer(id: $id) { tagHistory(last: 2) { edges { node { tagKey } } pageInfo { hasPreviousPage } } } }", new { id }))["customer"]!["tagHistory"]!;
        var rest = await api.GetAsync($"/v1/customers/{id}/tag-history");
        Assert.Equal(rest.Keys("tagKey")[^2..], history["edges"]!.AsArray().Select(e => e!["node"]!.Str("tagKey")).ToArray());
        Assert.Equal(["h2", "h1"], history["edges"]!.AsArray().Select(e => e!["node"]!.Str("tagKey")).ToArray());
        Assert.True(Info(history, "hasPreviousPage"));

        var members = new List<string>();
        for (var i = 2; i <= 5; i++)
        {
            var c = await api.UpsertCustomerAsync($"p-{i}");
            await api.ChangeTagsAsync(c.Str("id"), add: ["h1"]);
            members.Add(c.Str("id"));
        }

        var segment = (await api.GraphQLAsync("{ segmentQuery(query: \"tag = 'h1'\", last: 2) { totalCount edges { node { id } } pageInfo { hasPreviousPage startCursor } } }"))["segmentQuery"]!;
        Assert.Equal(5, segment["totalCount"]!.GetValue<int>());
        Assert.Equal(members[^2..], segment["edges"]!.AsArray().Select(e => e!["node"]!.Str("id")).ToArray());
        Assert.True(Info(segment, "hasPreviousPage"));
        var earlier = (await api.GraphQLAsync("query($b: String) { segmentQuery(query: \"tag = 'h1'\", last: 10, before: $b) { edges { node { id } } pageInfo { hasPreviousPage } } }",
            new { b = segment["pageInfo"]!.Str("startCursor") }))["segmentQuery"]!;
        Assert.Equal(new[] { id, members[0], members[1] }, earlier["edges"]!.AsArray().Select(e => e!["node"]!.Str("id")).ToArray());
        Assert.False(Info(earlier, "hasPreviousPage"));
    }

    [Fact]
    public async Task A_saved_segments_members_answer_their_total_count_with_any_page_and_through_a_fragment()
    {
        var api = await Factory.CreateTenantAsync();
        await api.CreateTagAsync("counted");
        for (var i = 0; i < 3; i++)
        {
            await api.ChangeTagsAsync((await api.UpsertCustomerAsync($"counted-{i}")).Str("id"), add: ["counted"]);
        }

        await api.PostAsync("/v1/segments", new { key = "counted", name = "Counted", query = "tag = 'counted'" }, HttpStatusCode.Created);

        var data = await api.GraphQLAsync("""
            { segment(key: "counted") { count first: customers(first: 1) { totalCount edges { node { externalId } } } all: customers(last: 5) { ...Total } } }
            fragment Total on CountedCustomerConnection { totalCount }
            """);

        var segment = data["segment"]!;
        Assert.Equal(3, segment["first"]!["totalCount"]!.GetValue<int>());
        Assert.Single(segment["first"]!["edges"]!.AsArray());
        Assert.Equal(3, segment["all"]!["totalCount"]!.GetValue<int>());
        Assert.Equal(segment["count"]!.GetValue<long>(), segment["all"]!["totalCount"]!.GetValue<long>());
    }

    [Fact]
    public async Task Exactly_one_of_first_and_last_is_given_and_at_most_200()
    {
        var api = await Factory.CreateTenantAsync();
        foreach (var query in new[] { "{ tags { edges { node { key } } } }", "{ tags(first: 1, last: 1) { edges { node { key } } } }", "{ tags(last: 201) { edges { node { key } } } }" })
        {
            var (response, body) = await api.Http.PostGraphQLAsync(query);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(["validation_failed"], body.ErrorCodes());
            Assert.Null(body["data"]);
        }
    }

    private static string[] Keys(JsonNode connection) => connection["edges"]!.AsArray().Select(e => e!["node"]!.Str("key")).ToArray();

    private static bool Info(JsonNode connection, string name) => connection["pageInfo"]![name]!.GetValue<bool>();
}

public sealed class GraphQLPagingOnSqlite(SqliteTagApiFactory factory) : GraphQLPagingTests(factory), IClassFixture<SqliteTagApiFactory>;

public sealed class GraphQLPagingOnPostgres(PostgresTagApiFactory factory) : GraphQLPagingTests(factory), IClassFixture<PostgresTagApiFactory>;

/// <summary>The same suite with GraphQL execution planning off (the library's own validation and execution).</summary>
public sealed class GraphQLPagingOnSqliteWithoutPlanning(WithoutPlanningSqliteFactory factory) : GraphQLPagingTests(factory), IClassFixture<WithoutPlanningSqliteFactory>;
