using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using TagApi.Api.Tests.Infrastructure;

namespace TagApi.Api.Tests.Scaling;

/// <summary>
/// The key paths of the API sent round-robin across three nodes: each request may land on any node, and every node
/// gives the same answers — counts, members, rule tags, GraphQL, replayed idempotent writes — within moments.
/// </summary>
public sealed class ThreeNodesTests(ThreeNodes nodes) : IClassFixture<ThreeNodes>
{
    private readonly ThreeNodes _nodes = nodes;
    private int _next;

    [Fact]
    public async Task Writes_spread_over_three_nodes_read_the_same_on_every_node()
    {
        await SendAsync(HttpMethod.Post, "/v1/tags", new { key = "vip", name = "VIP" }, HttpStatusCode.Created);
        await SendAsync(HttpMethod.Post, "/v1/tags", new { key = "big", name = "Big spender" }, HttpStatusCode.Created);
        // Each node builds the tenant's index now, so what follows reaches the indexes by following, not by building.
        await EveryNodeCountsAsync("tag = 'vip'", 0);
        await SendAsync(HttpMethod.Post, "/v1/rules", new { key = "big", name = "Big", tag = "big", condition = "city = 'Shanghai'" }, HttpStatusCode.Created);
        var ids = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            var customer = await SendAsync(HttpMethod.Put, $"/v1/customers/by-external-id/c{i}", new { city = i % 2 == 0 ? "Shanghai" : "Beijing" }, HttpStatusCode.Created);
            ids.Add(customer.Str("id"));
        }

        foreach (var id in ids.Where((_, i) => i % 3 == 0))
        {
            await SendAsync(HttpMethod.Post, $"/v1/customers/{id}/tags", new { add = new[] { "vip" } }, HttpStatusCode.OK);
        }

        await EveryNodeCountsAsync("tag = 'vip'", 4);
        // The rule tags the six customers in Shanghai, on whichever node evaluates it.
        await EveryNodeCountsAsync("tag = 'big'", 6);
        await EveryNodeCountsAsync("tag = 'vip' AND tag = 'big'", 2);

        await SendAsync(HttpMethod.Post, "/v1/segments", new { key = "vips", name = "VIPs", query = "tag = 'vip'" }, HttpStatusCode.Created);
        foreach (var node in _nodes.Nodes)
        {
            var members = await ReadAsync(node, "/v1/segments/vips/customers?limit=50");
            Assert.Equal(4, members["data"]!.AsArray().Count);
            var graphql = await PostJsonAsync(node, "/graphql", new { query = "{ segmentQuery(query: \"tag = 'vip'\", first: 1) { totalCount } }" });
            Assert.True(graphql["data"]?["segmentQuery"]?["totalCount"]?.GetValue<long>() == 4, graphql.ToJsonString() + _nodes.Output);
        }
    }

    [Fact]
    public async Task An_idempotent_retry_landing_on_another_node_replays_the_first_answer()
    {
        var answers = new List<(HttpStatusCode Status, string Body, bool Replayed)>();
        foreach (var node in _nodes.Nodes)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/v1/tags", UriKind.Relative))
            {
                Content = new StringContent("""{"key":"once","name":"Once"}""", Encoding.UTF8, "application/json"),
            };
            request.Headers.TryAddWithoutValidation("Idempotency-Key", "three-nodes-once");
            using var response = await node.SendAsync(request);
            answers.Add((response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.Contains("Idempotent-Replayed")));
        }

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Created, a.Status));
        Assert.Equal([false, true, true], answers.Select(a => a.Replayed));
        Assert.All(answers, a => Assert.Equal(answers[0].Body, a.Body));
    }

    private async Task EveryNodeCountsAsync(string query, long expected)
    {
        foreach (var node in _nodes.Nodes)
        {
            var count = await Eventually.WaitForAsync(
                async () => (await PostJsonAsync(node, "/v1/segments/query", new { query, limit = 0 }))["count"]!.GetValue<long>(), c => c == expected);
            Assert.True(count == expected, $"{node.BaseAddress} counts {count} for {query}, not {expected}\n{_nodes.Output}");
        }
    }

    // The next node in turn, as a round-robin balancer would pick.
    private async Task<JsonNode> SendAsync(HttpMethod method, string url, object body, HttpStatusCode expected)
    {
        var node = _nodes.Nodes[_next++ % _nodes.Nodes.Count];
        using var request = new HttpRequestMessage(method, new Uri(url, UriKind.Relative)) { Content = JsonContent.Create(body) };
        using var response = await node.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{method} {url} on {node.BaseAddress}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    private static async Task<JsonNode> PostJsonAsync(HttpClient node, string url, object body)
    {
        using var response = await node.PostAsJsonAsync(new Uri(url, UriKind.Relative), body);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private static async Task<JsonNode> ReadAsync(HttpClient node, string url) =>
        JsonNode.Parse(await node.GetStringAsync(new Uri(url, UriKind.Relative)))!;
}
