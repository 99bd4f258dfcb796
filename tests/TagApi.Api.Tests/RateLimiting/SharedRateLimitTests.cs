using System.Diagnostics;
using System.Net;
using TagApi.Api.Tests.Infrastructure;
using TagApi.Api.Tests.Segments;

namespace TagApi.Api.Tests.RateLimiting;

/// <summary>
/// Three nodes on one database and one Redis: a client's requests, whichever node they reach, draw on one bucket —
/// REST calls and GraphQL costs alike.
/// </summary>
public sealed class SharedRateLimitTests : IAsyncLifetime
{
    private const int Burst = 20;
    private readonly SharedDatabase _database = new("Sqlite");
    private readonly List<SharedDatabaseFactory> _nodes = [];

    public async Task InitializeAsync()
    {
        // A prefix of its own, so runs sharing the test Redis never share buckets.
        var prefix = $"test-{Guid.NewGuid():N}:";
        for (var i = 0; i < 3; i++)
        {
            _nodes.Add(await _database.StartAsync(
            [
                new("Redis:Configuration", TestRedis.Configuration),
                new("Redis:KeyPrefix", prefix),
                new("RateLimiting:PermitsPerSecond", "1"),
                new("RateLimiting:Burst", Burst.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new("GraphQL:ComplexityPerToken", "1"),
            ]));
        }
    }

    public Task DisposeAsync() => _database.RemoveAsync();

    [Fact]
    public async Task A_client_spread_over_three_nodes_draws_on_one_bucket()
    {
        var sessions = await SessionsOnEveryNodeAsync();
        var clock = Stopwatch.StartNew();
        var answers = new List<(int Node, HttpStatusCode Status)>();
        for (var i = 0; i < 3 * Burst; i++)
        {
            using var response = await sessions[i % 3].Http.GetAsync(new Uri("/v1/tags", UriKind.Relative));
            answers.Add((i % 3, response.StatusCode));
        }

        // One bucket refills one token a second: its burst, plus what time gave back, and never the burst per node.
        var allowed = answers.Count(a => a.Status == HttpStatusCode.OK);
        Assert.InRange(allowed, Burst, Burst + (int)Math.Ceiling(clock.Elapsed.TotalSeconds));
        Assert.All(Enumerable.Range(0, 3), node => Assert.Contains((node, HttpStatusCode.TooManyRequests), answers));
    }

    [Fact]
    public async Task A_graphql_operation_on_one_node_is_charged_to_the_bucket_another_node_reports()
    {
        var sessions = await SessionsOnEveryNodeAsync();
        var clock = Stopwatch.StartNew();
        var (graphql, body) = await sessions[0].Http.PostGraphQLAsync("{ tagCategories(first: 2) { edges { node { key } } } }");
        Assert.Equal(HttpStatusCode.OK, graphql.StatusCode);
        var cost = body["extensions"]!["cost"]!["tokens"]!.GetValue<int>();
        Assert.InRange(cost, 2, Burst - 5);

        using var rest = await sessions[1].Http.GetAsync(new Uri("/v1/tags", UriKind.Relative));

        // The GraphQL request's own token, its cost, and this request's token, less what time gave back.
        var remaining = int.Parse(rest.Headers.GetValues("RateLimit").Single().Split(';')[1]["r=".Length..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(remaining, Burst - cost - 2, Burst - cost - 2 + (int)Math.Ceiling(clock.Elapsed.TotalSeconds));
    }

    // The same client signed in on each node, once each node's connection to Redis is up.
    private async Task<TenantSession[]> SessionsOnEveryNodeAsync()
    {
        foreach (var node in _nodes)
        {
            using var http = node.CreateClient();
            await Eventually.WaitForAsync(() => http.GetStringAsync(new Uri("/readyz", UriKind.Relative)), body => body.Contains("\"redis\":\"ok\"", StringComparison.Ordinal));
        }

        var first = await _nodes[0].CreateTenantAsync();
        return [first, await first.OnHostAsync(_nodes[1]), await first.OnHostAsync(_nodes[2])];
    }
}
