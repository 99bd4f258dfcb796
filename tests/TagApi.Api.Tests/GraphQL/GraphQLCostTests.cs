using System.Net;
using TagApi.Api.Tests.Infrastructure;

namespace TagApi.Api.Tests.GraphQL;

/// <summary>TagApi with a small bucket and one token per complexity point, so GraphQL costs are visible.</summary>
public sealed class GraphQLCostFactory : TagApiFactoryOnSqlite
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings =>
    [
        new("RateLimiting:PermitsPerSecond", "1"),
        new("RateLimiting:Burst", "40"),
        new("GraphQL:ComplexityPerToken", "1"),
    ];
}

public sealed class GraphQLCostTests(GraphQLCostFactory factory) : IClassFixture<GraphQLCostFactory>
{
    [Fact]
    public async Task The_cost_of_an_operation_is_charged_and_an_empty_bucket_is_throttled_with_429()
    {
        var api = await factory.CreateTenantAsync();
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
}
