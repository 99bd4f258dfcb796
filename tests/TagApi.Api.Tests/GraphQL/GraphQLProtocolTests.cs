using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using TagApi.Api.Tests.Infrastructure;

namespace TagApi.Api.Tests.GraphQL;

/// <summary>The /graphql endpoint against the GraphQL-over-HTTP specification: methods, media types, status codes, limits.</summary>
public abstract class GraphQLProtocolTests(TagApiFactory factory) : ProviderSuite(factory)
{
    private const string TagsQuery = "{ tags(first: 5) { edges { node { key } } } }";

    [Fact]
    public async Task A_post_answers_with_the_graphql_response_media_type_by_default()
    {
        var api = await Factory.CreateTenantAsync();
        await api.CreateTagAsync("vip");
        var (response, body) = await api.Http.PostGraphQLAsync(TagsQuery);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/graphql-response+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("vip", body["data"]!["tags"]!["edges"]![0]!["node"]!["key"]!.GetValue<string>());
        Assert.True(body["extensions"]!["cost"]!["tokens"]!.GetValue<int>() >= 1);
        Assert.True(response.Headers.Contains("RateLimit"));
    }

    [Fact]
    public async Task Accepting_only_application_json_gets_application_json_and_200_even_for_validation_errors()
    {
        var api = await Factory.CreateTenantAsync();
        var (ok, _) = await api.Http.PostGraphQLAsync(TagsQuery, accept: "application/json");
        Assert.Equal("application/json", ok.Content.Headers.ContentType!.MediaType);

        var (invalid, body) = await api.Http.PostGraphQLAsync("{ nope }", accept: "application/json");
        Assert.Equal(HttpStatusCode.OK, invalid.StatusCode);
        Assert.NotNull(body["errors"]);
        Assert.Null(body["data"]);
    }

    [Fact]
    public async Task Parse_and_validation_errors_are_400_with_the_graphql_response_media_type()
    {
        var api = await Factory.CreateTenantAsync();
        foreach (var query in new[] { "{ tags(first: 5) { edges ", "{ nope }", "query($n: Int!) { tags(first: $n) { pageInfo { hasNextPage } } }" })
        {
            var (response, body) = await api.Http.PostGraphQLAsync(query);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, query + " → " + body.ToJsonString());
            Assert.Equal("application/graphql-response+json", response.Content.Headers.ContentType!.MediaType);
            Assert.NotEmpty(body["errors"]!.AsArray());
            Assert.Null(body["data"]);
        }
    }

    [Fact]
    public async Task Get_runs_queries_and_refuses_mutations_with_405()
    {
        var api = await Factory.CreateTenantAsync();
        var ok = await api.Http.GetAsync("/graphql?query=" + Uri.EscapeDataString("query($n: Int!) { tags(first: $n) { pageInfo { hasNextPage } } }")
            + "&variables=" + Uri.EscapeDataString("{\"n\":3}"));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.False(JsonNode.Parse(await ok.Content.ReadAsStringAsync())!["data"]!["tags"]!["pageInfo"]!["hasNextPage"]!.GetValue<bool>());

        var mutation = await api.Http.GetAsync("/graphql?query=" + Uri.EscapeDataString("mutation { deleteTag(id: \"x\") { deletedId } }"));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, mutation.StatusCode);
        Assert.Contains("POST", mutation.Content.Headers.Allow);
    }

    [Fact]
    public async Task Unacceptable_accept_is_406_and_unsupported_content_type_is_415()
    {
        var api = await Factory.CreateTenantAsync();
        var (notAcceptable, _) = await api.Http.PostGraphQLAsync(TagsQuery, accept: "text/html");
        Assert.Equal(HttpStatusCode.NotAcceptable, notAcceptable.StatusCode);

        using var form = new StringContent("query=" + TagsQuery, Encoding.UTF8, "application/x-www-form-urlencoded");
        var unsupported = await api.Http.PostAsync("/graphql", form);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, unsupported.StatusCode);
    }

    [Fact]
    public async Task Batches_malformed_bodies_and_oversized_documents_are_refused()
    {
        var api = await Factory.CreateTenantAsync();
        using var batch = new StringContent($"[{{\"query\":\"{TagsQuery}\"}},{{\"query\":\"{TagsQuery}\"}}]", Encoding.UTF8, "application/json");
        var batched = await api.Http.PostAsync("/graphql", batch);
        Assert.Equal(HttpStatusCode.BadRequest, batched.StatusCode);
        Assert.Contains("Batched", await batched.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var broken = new StringContent("{\"query\":", Encoding.UTF8, "application/json");
        Assert.Equal(HttpStatusCode.BadRequest, (await api.Http.PostAsync("/graphql", broken)).StatusCode);

        var huge = "{ tags(first: 1) { edges { node { key } } } }" + new string(' ', 70 * 1024);
        var (tooLarge, _) = await api.Http.PostGraphQLAsync(huge);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
    }

    [Fact]
    public async Task Without_a_token_the_answer_is_401()
    {
        using var anonymous = Factory.CreateClient();
        var (response, _) = await anonymous.PostGraphQLAsync(TagsQuery);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Operation_name_picks_the_operation_and_variables_are_applied()
    {
        var api = await Factory.CreateTenantAsync();
        await api.CreateTagAsync("alpha");
        const string Document = "query A { tags(first: 1) { edges { node { key } } } } query B($key: String!) { tag(key: $key) { name } }";
        var (response, body) = await api.Http.PostGraphQLAsync(Document, new { key = "alpha" }, operationName: "B");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("alpha", body["data"]!["tag"]!["name"]!.GetValue<string>());
        Assert.Null(body["data"]!["tags"]);
    }

    [Fact]
    public async Task A_persisted_query_id_runs_a_document_seen_before()
    {
        var api = await Factory.CreateTenantAsync();
        var query = $"# {Guid.NewGuid()}\n{TagsQuery}";
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(query)));
        var extensions = Uri.EscapeDataString($"{{\"persistedQuery\":{{\"version\":1,\"sha256Hash\":\"{hash}\"}}}}");

        var unknown = await api.Http.GetAsync($"/graphql?extensions={extensions}");
        Assert.Contains("PERSISTED_QUERY_NOT_FOUND", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await api.Http.PostGraphQLAsync(query);
        var known = await api.Http.GetAsync($"/graphql?extensions={extensions}");
        Assert.Equal(HttpStatusCode.OK, known.StatusCode);
        Assert.NotNull(JsonNode.Parse(await known.Content.ReadAsStringAsync())!["data"]!["tags"]);
    }

    [Fact]
    public async Task A_repeated_document_is_parsed_and_validated_once()
    {
        var api = await Factory.CreateTenantAsync();
        var cache = Factory.Services.GetRequiredService<TagApi.Api.GraphQL.DocumentCache>();
        var query = $"# {Guid.NewGuid()}\nquery($n: Int!) {{ tags(first: $n) {{ edges {{ node {{ key }} }} }} }}";
        var before = cache.Count;
        await api.GraphQLAsync(query, new { n = 1 });
        var afterFirst = cache.Count;
        await api.GraphQLAsync(query, new { n = 2 });
        Assert.Equal(before + 1, afterFirst);
        Assert.Equal(afterFirst, cache.Count);

        // The cached document still goes through the caller's scope check.
        var noTags = await api.WithClientAsync(TagApi.Core.Tenancy.Scopes.CustomersRead);
        var forbidden = await noTags.GraphQLErrorAsync(query, HttpStatusCode.Forbidden, new { n = 1 });
        Assert.Equal(["FORBIDDEN"], forbidden.ErrorCodes());

        // And an operation that passed for one caller's scopes is refused for another's, whichever comes first.
        var again = await noTags.GraphQLErrorAsync(query, HttpStatusCode.Forbidden, new { n = 1 });
        Assert.Equal(["FORBIDDEN"], again.ErrorCodes());
        Assert.NotNull((await api.GraphQLAsync(query, new { n = 1 }))["tags"]);
    }

    [Fact]
    public async Task Variables_of_an_operation_that_passed_before_are_still_checked_each_time()
    {
        var api = await Factory.CreateTenantAsync();
        var id = (await api.UpsertCustomerAsync("checked")).Str("id");
        var query = $"# {Guid.NewGuid()}\nquery($id: ID!, $n: Int) {{ customer(id: $id) {{ externalId tags {{ tag {{ key }} }} }} tags(first: $n) {{ edges {{ node {{ key }} }} }} }}";
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal("checked", (await api.GraphQLAsync(query, new { id, n = 5 }))["customer"]!.Str("externalId"));
        }

        var missing = await api.GraphQLErrorAsync(query, HttpStatusCode.BadRequest, new { n = 5 });
        Assert.Contains("$id", missing.ToJsonString(), StringComparison.Ordinal);
        var wrongType = await api.GraphQLErrorAsync(query, HttpStatusCode.BadRequest, new { id = new { nested = true }, n = 5 });
        Assert.Contains("$id", wrongType.ToJsonString(), StringComparison.Ordinal);
        var notAnInt = await api.GraphQLErrorAsync(query, HttpStatusCode.BadRequest, new { id, n = "five" });
        Assert.Contains("$n", notAnInt.ToJsonString(), StringComparison.Ordinal);
    }
}

public sealed class GraphQLProtocolOnSqlite(SqliteTagApiFactory factory) : GraphQLProtocolTests(factory), IClassFixture<SqliteTagApiFactory>;

public sealed class GraphQLProtocolOnPostgres(PostgresTagApiFactory factory) : GraphQLProtocolTests(factory), IClassFixture<PostgresTagApiFactory>;

/// <summary>The same suite with GraphQL execution planning off (the library's own validation and execution).</summary>
public sealed class GraphQLProtocolOnSqliteWithoutPlanning(WithoutPlanningSqliteFactory factory) : GraphQLProtocolTests(factory), IClassFixture<WithoutPlanningSqliteFactory>;
