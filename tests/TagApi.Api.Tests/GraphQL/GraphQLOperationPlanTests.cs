using System.Net;
using System.Text.Json.Nodes;
using TagApi.Api.Tests.Infrastructure;
using TagApi.Core.Tenancy;

namespace TagApi.Api.Tests.GraphQL;

/// <summary>
/// An operation asked again after it passed its rules has its variables and arguments coerced from a plan kept
/// with the cached document: each request still gets its own values, its tenant's data, its scopes' checks and,
/// for a value that does not fit, the same error as the first time.
/// </summary>
public abstract class GraphQLOperationPlanTests(TagApiFactory factory) : ProviderSuite(factory)
{
    // A fragment, an inline fragment, a literal argument and a variable argument below the root, so the plan
    // walks each kind of selection.
    private static string CustomerQuery() => $$"""
        # {{Guid.NewGuid()}}
        query Customer($id: ID!, $n: Int) {
          customer(id: $id) { ...Who ... on Customer { city tags { tag { key } } } tagHistory(first: $n) { edges { node { id } } } }
          tags(first: 1) { edges { node { key } } }
        }
        fragment Who on Customer { externalId name }
        """;

    [Fact]
    public async Task Each_request_of_a_repeated_operation_gets_its_own_variable_values()
    {
        var api = await Factory.CreateTenantAsync();
        await api.CreateTagAsync("gold");
        await api.CreateTagAsync("silver");
        var a = (await api.UpsertCustomerAsync("plan-a", new { name = "A", city = "Shanghai" })).Str("id")!;
        var b = (await api.UpsertCustomerAsync("plan-b", new { name = "B", city = "Beijing" })).Str("id")!;
        await api.ChangeTagsAsync(a, add: ["gold", "silver"]);
        await api.ChangeTagsAsync(b, add: ["silver"]);
        var query = CustomerQuery();

        for (var round = 0; round < 3; round++)
        {
            var first = (await api.GraphQLAsync(query, new { id = a, n = 1 }))["customer"]!;
            Assert.Equal(("plan-a", "A", "Shanghai"), (first.Str("externalId"), first.Str("name"), first.Str("city")));
            Assert.Equal(["gold", "silver"], Keys(first));
            Assert.Single(first["tagHistory"]!["edges"]!.AsArray());

            var second = (await api.GraphQLAsync(query, new { id = b, n = 5 }))["customer"]!;
            Assert.Equal(("plan-b", "B", "Beijing"), (second.Str("externalId"), second.Str("name"), second.Str("city")));
            Assert.Equal(["silver"], Keys(second));

            var both = (await api.GraphQLAsync(query, new { id = a, n = 2 }))["customer"]!;
            Assert.Equal(2, both["tagHistory"]!["edges"]!.AsArray().Count);
        }
    }

    [Fact]
    public async Task A_repeated_operation_reads_each_callers_tenant_and_checks_each_callers_scopes()
    {
        var mine = await Factory.CreateTenantAsync();
        var theirs = await Factory.CreateTenantAsync();
        var id = (await mine.UpsertCustomerAsync("plan-mine", new { name = "Mine" })).Str("id")!;
        var own = (await theirs.UpsertCustomerAsync("plan-theirs", new { name = "Theirs" })).Str("id")!;
        var query = CustomerQuery();
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal("plan-mine", (await mine.GraphQLAsync(query, new { id, n = 1 }))["customer"]!.Str("externalId"));
        }

        Assert.Null((await theirs.GraphQLAsync(query, new { id, n = 1 }))["customer"]);
        Assert.Equal("plan-theirs", (await theirs.GraphQLAsync(query, new { id = own, n = 1 }))["customer"]!.Str("externalId"));

        // Without customers:pii the name is null; without tags:read the operation is refused.
        var reader = await mine.WithClientAsync(Scopes.CustomersRead, Scopes.TagsRead);
        for (var i = 0; i < 2; i++)
        {
            var customer = (await reader.GraphQLAsync(query, new { id, n = 1 }))["customer"]!;
            Assert.Equal("plan-mine", customer.Str("externalId"));
            Assert.Null(customer["name"]);
        }

        var noTags = await mine.WithClientAsync(Scopes.CustomersRead);
        Assert.Equal(["FORBIDDEN"], (await noTags.GraphQLErrorAsync(query, HttpStatusCode.Forbidden, new { id, n = 1 })).ErrorCodes());
        Assert.Equal("Mine", (await mine.GraphQLAsync(query, new { id, n = 1 }))["customer"]!.Str("name"));
    }

    [Fact]
    public async Task A_value_that_does_not_fit_a_repeated_operation_gets_the_first_times_error()
    {
        var api = await Factory.CreateTenantAsync();
        var id = (await api.UpsertCustomerAsync("plan-bad")).Str("id")!;
        var query = CustomerQuery();
        var fresh = $"# {Guid.NewGuid()}\n{query}";
        // The same variables as the run that passed (so the rules are skipped), each with a value that does not fit;
        // and two whose own values make the rules run again.
        var cases = new object[]
        {
            new { id = (string?)null, n = 1 }, new { id = new[] { id }, n = 1 }, new { id = new { nested = true }, n = 1 }, new { id = 5.5, n = 1 },
            new { n = 1 }, new { id, n = "one" },
        };
        var firstTime = new List<string>();
        foreach (var variables in cases)
        {
            // On a document never seen, then on one that passed its rules just before.
            var (response, body) = await api.Http.PostGraphQLAsync($"# {Guid.NewGuid()}\n{query}", variables);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            firstTime.Add(Messages(body));
        }

        for (var i = 0; i < 2; i++)
        {
            await api.GraphQLAsync(fresh, new { id, n = 1 });
        }

        for (var i = 0; i < cases.Length; i++)
        {
            var body = await api.GraphQLErrorAsync(fresh, HttpStatusCode.BadRequest, cases[i]);
            Assert.Equal(firstTime[i], Messages(body));
            Assert.Null(body["data"]);
        }
    }

    [Fact]
    public async Task A_repeated_operation_with_directives_follows_its_variables()
    {
        var api = await Factory.CreateTenantAsync();
        var id = (await api.UpsertCustomerAsync("plan-dir", new { city = "Hangzhou" })).Str("id")!;
        var query = $"# {Guid.NewGuid()}\nquery($id: ID!, $city: Boolean!) {{ customer(id: $id) {{ externalId city @include(if: $city) }} }}";
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal("Hangzhou", (await api.GraphQLAsync(query, new { id, city = true }))["customer"]!.Str("city"));
            Assert.Null((await api.GraphQLAsync(query, new { id, city = false }))["customer"]!["city"]);
        }
    }

    [Fact]
    public async Task Fields_kept_per_selection_follow_each_objects_type_and_each_alias()
    {
        var api = await Factory.CreateTenantAsync();
        var customer = (await api.UpsertCustomerAsync("plan-node")).Str("id")!;
        var other = (await api.UpsertCustomerAsync("plan-other")).Str("id")!;
        var tag = (await api.CreateTagAsync("plan-tag")).Str("id")!;
        var node = $"# {Guid.NewGuid()}\nquery($id: ID!) {{ node(id: $id) {{ id __typename }} }}";
        var aliases = $"# {Guid.NewGuid()}\nquery($a: ID!, $b: ID!) {{ a: customer(id: $a) {{ externalId }} b: customer(id: $b) {{ key: externalId id }} }}";
        for (var i = 0; i < 2; i++)
        {
            var asCustomer = (await api.GraphQLAsync(node, new { id = customer }))["node"]!;
            Assert.Equal((customer, "Customer"), (asCustomer.Str("id"), asCustomer.Str("__typename")));
            var asTag = (await api.GraphQLAsync(node, new { id = tag }))["node"]!;
            Assert.Equal((tag, "Tag"), (asTag.Str("id"), asTag.Str("__typename")));

            var both = await api.GraphQLAsync(aliases, new { a = customer, b = other });
            Assert.Equal("plan-node", both["a"]!.Str("externalId"));
            Assert.Equal(("plan-other", other), (both["b"]!.Str("key"), both["b"]!.Str("id")));
            Assert.Null(both["b"]!["externalId"]);
        }
    }

    private static string[] Keys(JsonNode customer) =>
        customer["tags"]!.AsArray().Select(t => t!["tag"]!.Str("key")!).Order(StringComparer.Ordinal).ToArray();

    private static string Messages(JsonNode body) =>
        string.Join("\n", body["errors"]!.AsArray().Select(e => e!.Str("message")));
}

public sealed class GraphQLOperationPlanOnSqlite(SqliteTagApiFactory factory) : GraphQLOperationPlanTests(factory), IClassFixture<SqliteTagApiFactory>;

public sealed class GraphQLOperationPlanOnPostgres(PostgresTagApiFactory factory) : GraphQLOperationPlanTests(factory), IClassFixture<PostgresTagApiFactory>;

/// <summary>The same suite with GraphQL execution planning off (the library's own validation and execution).</summary>
public sealed class GraphQLOperationPlanOnSqliteWithoutPlanning(WithoutPlanningSqliteFactory factory) : GraphQLOperationPlanTests(factory), IClassFixture<WithoutPlanningSqliteFactory>;
