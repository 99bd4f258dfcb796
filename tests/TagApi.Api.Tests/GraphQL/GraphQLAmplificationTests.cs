using System.Net;
using System.Text;
using TagApi.Api.Tests.Infrastructure;

namespace TagApi.Api.Tests.GraphQL;

/// <summary>
/// Small documents that stand for a great deal of work: fragments that double at every level, and aliases of
/// fields that evaluate a query each time. They are refused before validation, or priced as the same work over REST.
/// </summary>
public abstract class GraphQLAmplificationTests(TagApiFactory factory) : ProviderSuite(factory)
{
    [Theory]
    [InlineData(25)]
    [InlineData(26)]
    public async Task Fragments_that_double_at_every_level_are_refused_before_validation_and_the_server_answers_the_next_query(int levels)
    {
        var api = await Factory.CreateTenantAsync();
        await api.CreateTagAsync("after-bomb");
        var bomb = FragmentBomb(levels, "__typename");
        Assert.True(Encoding.UTF8.GetByteCount(bomb) < 1200, "the bomb is a small document");

        var refused = await api.GraphQLErrorAsync(bomb, HttpStatusCode.BadRequest);

        Assert.Equal(["QUERY_TOO_COMPLEX"], refused.ErrorCodes());
        Assert.Null(refused["data"]);
        var next = await api.GraphQLAsync("{ tags(first: 5) { edges { node { key } } } }");
        Assert.Equal("after-bomb", next["tags"]!["edges"]![0]!["node"]!.Str("key"));
    }

    [Fact]
    public async Task A_fragment_bomb_defined_but_not_spread_by_the_operation_is_refused_as_well()
    {
        var api = await Factory.CreateTenantAsync();
        var document = "query Small { __typename } query Big { ...F0 }\n" + FragmentBomb(24, "__typename")[(FragmentBomb(24, "__typename").IndexOf('\n') + 1)..];

        var (response, body) = await api.Http.PostGraphQLAsync(document, operationName: "Small");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["QUERY_TOO_COMPLEX"], body.ErrorCodes());
    }

    [Fact]
    public async Task Fragments_spread_many_times_within_the_budget_still_run()
    {
        var api = await Factory.CreateTenantAsync();
        await api.CreateTagAsync("shared");

        var data = await api.GraphQLAsync(FragmentBomb(6, "tags(first: 1) { edges { node { key } } }"));

        Assert.Equal("shared", data["tags"]!["edges"]![0]!["node"]!.Str("key"));
    }

    [Fact]
    public async Task A_thousand_aliases_of_a_segment_query_are_refused_as_too_many_evaluations()
    {
        var api = await Factory.CreateTenantAsync();
        await api.CreateTagAsync("vip");
        var predicates = string.Join(" OR ", Enumerable.Range(0, 100).Select(i => $"city = 'c{i}'"));
        var aliases = string.Concat(Enumerable.Range(0, 1000).Select(i => $" a{i}: segmentQuery(first: 1, query: $q) {{ totalCount }}"));

        var refused = await api.GraphQLErrorAsync($"query($q: String!) {{{aliases} }}", HttpStatusCode.BadRequest, new { q = predicates });

        Assert.Equal(["TOO_MANY_EVALUATIONS"], refused.ErrorCodes());
        Assert.Null(refused["data"]);
    }

    [Fact]
    public async Task Each_evaluation_costs_at_least_the_token_its_rest_call_costs()
    {
        var api = await Factory.CreateTenantAsync();
        await api.CreateTagAsync("vip");
        var predicates = string.Join(" OR ", Enumerable.Range(0, 100).Select(i => $"city = 'c{i}'"));
        var aliases = string.Concat(Enumerable.Range(0, 10).Select(i => $" a{i}: segmentQuery(first: 1, query: $q) {{ totalCount }}"));

        var (response, body) = await api.Http.PostGraphQLAsync($"query($q: String!) {{{aliases} }}", new { q = predicates });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, body["data"]!["a9"]!["totalCount"]!.GetValue<int>());
        Assert.True(Tokens(body) >= 10, $"ten evaluations cost {Tokens(body)} token(s); over REST they cost ten");
    }

    [Fact]
    public async Task An_evaluation_under_a_list_costs_a_token_per_item_the_list_may_hold()
    {
        var api = await Factory.CreateTenantAsync();
        await api.PostAsync("/v1/segments", new { key = "everyone", name = "Everyone", query = "true" }, HttpStatusCode.Created);

        var (response, body) = await api.Http.PostGraphQLAsync("{ segments(first: 20) { edges { node { key count } } } }");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(Tokens(body) >= 20, $"counting up to twenty segments cost {Tokens(body)} token(s)");
    }

    [Fact]
    public async Task Each_aliased_mutation_costs_at_least_the_token_its_rest_call_costs()
    {
        var api = await Factory.CreateTenantAsync();
        var creates = string.Concat(Enumerable.Range(0, 5).Select(i => $" c{i}: createTag(input: {{key: \"alias-{i}\", name: \"Alias {i}\"}}) {{ tag {{ key }} }}"));

        var (response, body) = await api.Http.PostGraphQLAsync($"mutation {{{creates} }}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("alias-4", body["data"]!["c4"]!["tag"]!.Str("key"));
        Assert.True(Tokens(body) >= 5, $"five creations cost {Tokens(body)} token(s)");
    }

    /// <summary>An operation spreading F0; each Fi spreads F(i+1) twice; the last one selects <paramref name="leaf"/>.</summary>
    public static string FragmentBomb(int levels, string leaf)
    {
        var text = new StringBuilder("query { ...F0 }\n");
        for (var i = 0; i < levels; i++)
        {
            text.Append($"fragment F{i} on Query {{ ...F{i + 1} ...F{i + 1} }}\n");
        }

        return text.Append($"fragment F{levels} on Query {{ {leaf} }}\n").ToString();
    }

    private static int Tokens(System.Text.Json.Nodes.JsonNode body) => body["extensions"]!["cost"]!["tokens"]!.GetValue<int>();
}

public sealed class GraphQLAmplificationOnSqlite(SqliteTagApiFactory factory) : GraphQLAmplificationTests(factory), IClassFixture<SqliteTagApiFactory>;

public sealed class GraphQLAmplificationOnPostgres(PostgresTagApiFactory factory) : GraphQLAmplificationTests(factory), IClassFixture<PostgresTagApiFactory>;

/// <summary>The same suite with GraphQL execution planning off (the library's own validation and execution).</summary>
public sealed class GraphQLAmplificationOnSqliteWithoutPlanning(WithoutPlanningSqliteFactory factory) : GraphQLAmplificationTests(factory), IClassFixture<WithoutPlanningSqliteFactory>;
