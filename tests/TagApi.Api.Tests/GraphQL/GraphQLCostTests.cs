using System.Net;
using TagApi.Api.Tests.Infrastructure;

namespace TagApi.Api.Tests.GraphQL;

/// <summary>A small bucket and one token per complexity point, so GraphQL costs are visible.</summary>
internal static class GraphQLCostSettings
{
    public static readonly KeyValuePair<string, string?>[] Values =
    [
        new("RateLimiting:PermitsPerSecond", "1"),
        new("RateLimiting:Burst", "40"),
        new("GraphQL:ComplexityPerToken", "1"),
    ];
}

public sealed class GraphQLCostSqliteFactory : TagApiFactoryOnSqlite
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings => GraphQLCostSettings.Values;
}

public sealed class GraphQLCostPostgresFactory : TagApiFactoryOnPostgres
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings => GraphQLCostSettings.Values;
}

/// <summary>The small bucket on SQLite with GraphQL execution planning off.</summary>
public sealed class GraphQLCostWithoutPlanningSqliteFactory : TagApiFactoryOnSqlite
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings => [.. GraphQLCostSettings.Values, WithoutPlanningSqliteFactory.Setting];
}

public abstract class GraphQLCostTests(TagApiFactory factory) : ProviderSuite(factory)
{
    [Fact]
    public async Task The_cost_of_an_operation_is_charged_and_an_empty_bucket_is_throttled_with_429()
    {
        var api = await Factory.CreateTenantAsync();
        var (cheap, cheapBody) = await api.Http.PostGraphQLAsync("{ tagCategories(first: 2) { edges { node { key } } } }");
        Assert.Equal(HttpStatusCode.OK, cheap.StatusCode);
        var tokens = cheapBody["extensions"]!["cost"]!["tokens"]!.GetValue<int>();
        Assert.InRange(tokens, 2, 20);

        var (expensive, body) = await api.Http.PostGraphQLAsync("{ tags(first: 100) { edges { node { key name color } } } }");
        Assert.Equal(HttpStatusCode.TooManyRequests, expensive.StatusCode);
        Assert.Equal(["THROTTLED"], body.ErrorCodes());
        Assert.Null(body["data"]);
        Assert.True(expensive.Headers.Contains("Retry-After"));
        Assert.StartsWith("\"default\";q=40", expensive.Headers.GetValues("RateLimit-Policy").Single(), StringComparison.Ordinal);
        Assert.True(expensive.Headers.Contains("RateLimit"));
    }

    [Fact]
    public async Task Last_multiplies_the_cost_of_a_connection_as_first_does()
    {
        var api = await Factory.CreateTenantAsync();
        var (cheap, _) = await api.Http.PostGraphQLAsync("{ tags(last: 1) { edges { node { key } } } }");
        Assert.Equal(HttpStatusCode.OK, cheap.StatusCode);
        var (expensive, body) = await api.Http.PostGraphQLAsync("{ tags(last: 100) { edges { node { key name color } } } }");
        Assert.Equal(HttpStatusCode.TooManyRequests, expensive.StatusCode);
        Assert.Equal(["THROTTLED"], body.ErrorCodes());
    }

    [Fact]
    public async Task A_repeated_operation_is_charged_again_each_time_by_its_page_size()
    {
        var api = await Factory.CreateTenantAsync();
        var query = $"# {Guid.NewGuid()}\nquery($n: Int) {{ tags(first: $n) {{ edges {{ node {{ key name color }} }} }} }}";
        for (var i = 0; i < 3; i++)
        {
            var (cheap, cheapBody) = await api.Http.PostGraphQLAsync(query, new { n = 1 });
            Assert.Equal(HttpStatusCode.OK, cheap.StatusCode);
            Assert.InRange(cheapBody["extensions"]!["cost"]!["tokens"]!.GetValue<int>(), 2, 10);
        }

        var (expensive, body) = await api.Http.PostGraphQLAsync(query, new { n = 100 });
        Assert.Equal(HttpStatusCode.TooManyRequests, expensive.StatusCode);
        Assert.Equal(["THROTTLED"], body.ErrorCodes());
    }
}

public sealed class GraphQLCostOnSqlite(GraphQLCostSqliteFactory factory) : GraphQLCostTests(factory), IClassFixture<GraphQLCostSqliteFactory>;

public sealed class GraphQLCostOnPostgres(GraphQLCostPostgresFactory factory) : GraphQLCostTests(factory), IClassFixture<GraphQLCostPostgresFactory>;

/// <summary>The same suite with GraphQL execution planning off (the library's own validation and execution).</summary>
public sealed class GraphQLCostOnSqliteWithoutPlanning(GraphQLCostWithoutPlanningSqliteFactory factory) : GraphQLCostTests(factory), IClassFixture<GraphQLCostWithoutPlanningSqliteFactory>;
