using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TagApi.Api.Tests.Security;

/// <summary>
/// Segment query texts with mistakes or over the limits, wherever a query reaches the engine (REST and
/// GraphQL), and GraphQL documents that are malformed, too deep, ill-typed or amplifying (fragments doubling
/// at every level, aliases of an evaluation): each refused with a code within <see cref="Probe.Fast"/>.
/// </summary>
public abstract class BadQueryCorpusTests(SecurityWorld world)
{
    [Fact]
    public async Task Query_texts_with_mistakes_or_over_the_limits_are_refused_as_query_invalid_everywhere()
    {
        var probe = new Probe();
        foreach (var (label, text) in BadInputCorpus.BadQueries)
        {
            foreach (var (where, request) in RestPlaces(text))
            {
                // A rule's empty condition is a missing field, and text over the size limit may be refused as a field too
                // long before it is read as a query; a URL over the request-line limit may be refused before anything (414).
                var codes = (text.Length == 0 && where.Contains("rules", StringComparison.Ordinal)) || text.Length > 10_240
                    ? new[] { "query_invalid", "validation_failed" } : ["query_invalid"];
                var refused = request.RequestUri!.OriginalString.Length > 8_000 ? Probe.RefusedWith(400, 414) : Probe.RefusedAs(400, codes);
                await probe.CheckAsync(world.B.Http, request, Probe.Fast, refused, $"{where}: {label}");
            }

            foreach (var field in new[] { "segmentQuery(first: 1, query: $q) { totalCount }", "customers(first: 1, query: $q) { edges { node { id } } }" })
            {
                await probe.CheckAsync(world.B.Http, GraphQL("query($q: String!) { " + field + " }", new { q = text }), Probe.Fast, GraphQLRefused("query_invalid"), $"GraphQL {field[..field.IndexOf('(', StringComparison.Ordinal)]}: {label}");
            }
        }

        probe.AssertNone("bad query texts");
    }

    [Fact]
    public async Task Bad_json_query_trees_are_refused_with_a_code()
    {
        var probe = new Probe();
        foreach (var (label, json) in BadInputCorpus.BadAsts)
        {
            foreach (var url in new[] { "/v1/segments/query", "/v1/segments" })
            {
                var body = url == "/v1/segments/query" ? $"{{\"ast\":{json}}}" : $"{{\"key\":\"probe_ast\",\"name\":\"Probe\",\"ast\":{json}}}";
                await probe.CheckAsync(world.B.Http, Json("POST", url, body), Probe.Fast, Probe.RefusedWith(400), $"{url}: {label}");
            }
        }

        probe.AssertNone("bad JSON query trees");
    }

    [Fact]
    public async Task Malformed_deep_or_ill_typed_GraphQL_requests_are_refused_with_a_code()
    {
        var probe = new Probe();
        var deep = "{ tags(first: 1) { edges { node { " + string.Concat(Enumerable.Repeat("parent { ", 20)) + "key" + new string('}', 20) + " } } } }";
        var introspectionBomb = "{ __schema { types { " + string.Concat(Enumerable.Repeat("fields { type { ", 10)) + "name" + string.Concat(Enumerable.Repeat(" } }", 10)) + " } } }";
        var documents = new (string Label, string Body)[]
        {
            ("unparsable", Request("{ tags(first: 1) {")),
            ("empty document", Request("")),
            ("unknown field", Request("{ noSuchField }")),
            ("wrong argument type", Request("{ tags(first: \"x\") { edges { cursor } } }")),
            ("page of 100000", Request("{ tags(first: 100000) { edges { cursor } } }")),
            ("page of -1", Request("{ tags(first: -1) { edges { cursor } } }")),
            ("page of 0", Request("{ tags(first: 0) { edges { cursor } } }")),
            ("no page size", Request("{ tags { edges { cursor } } }")),
            ("first and last", Request("{ tags(first: 1, last: 1) { edges { cursor } } }")),
            ("garbage cursor", Request("{ tags(first: 1, after: \"garbage\") { edges { cursor } } }")),
            ("depth 20", Request(deep)),
            ("introspection depth bomb", Request(introspectionBomb)),
            ("fragment cycle", Request("query { ...A } fragment A on Query { ...B } fragment B on Query { ...A }")),
            ("variable of the wrong type", Request("query($n: Int!) { tags(first: $n) { edges { cursor } } }", new { n = "x" })),
            ("missing variable", Request("query($n: Int!) { tags(first: $n) { edges { cursor } } }")),
            ("two anonymous operations", Request("{ __typename } { __typename }")),
            ("unknown operation name", JsonSerializer.Serialize(new { query = "query A { __typename }", operationName = "B" })),
            ("batch", "[" + Request("{ __typename }") + "," + Request("{ __typename }") + "]"),
            ("query not a string", "{\"query\": 1}"),
            ("no query", "{\"variables\": {}}"),
            ("not JSON", "query { __typename }"),
            ("over 64 KB", Request("{ __typename " + new string(' ', 70_000) + "}")),
            ("directive with a bad argument", Request("{ __typename @skip(if: \"yes\") }")),
            ("a mutation selecting an unknown field", Request("mutation { createTag(input: {key: \"x\", name: \"x\"}) { nope } }")),
        };
        foreach (var (label, body) in documents)
        {
            await probe.CheckAsync(world.B.Http, Json("POST", "/graphql", body), Probe.Fast, GraphQLRefused(), $"GraphQL: {label}");
        }

        probe.AssertNone("bad GraphQL requests");
    }

    [Fact]
    public async Task GraphQL_fragment_bombs_and_alias_amplification_are_refused_fast()
    {
        var probe = new Probe();
        var predicates = string.Join(" OR ", Enumerable.Range(0, 100).Select(i => $"city = 'c{i}'"));
        var aliases = string.Concat(Enumerable.Range(0, 1_000).Select(i => $" a{i}: segmentQuery(first: 1, query: $q) {{ totalCount }}"));
        foreach (var (label, request) in new[]
        {
            ("fragments doubling 25 levels deep", GraphQL(FragmentBomb(25))),
            ("a fragment bomb defined but not used", GraphQL("query { __typename }\n" + FragmentBomb(24)[FragmentBomb(24).IndexOf('\n', StringComparison.Ordinal)..])),
            ("1,000 aliases of a 100-predicate evaluation", GraphQL($"query($q: String!) {{{aliases} }}", new { q = predicates })),
        })
        {
            await probe.CheckAsync(world.B.Http, request, Probe.Fast,
                answer => GraphQLRefused()(answer) ?? ((int)answer.Status is >= 400 and < 500 ? null : "expected a 4xx"), label);
        }

        probe.AssertNone("GraphQL amplification");
    }

    // An operation spreading F0; each Fi spreads F(i+1) twice; the last selects a leaf: 2^levels selections in a small document.
    private static string FragmentBomb(int levels)
    {
        var text = new StringBuilder("query { ...F0 }\n");
        for (var i = 0; i < levels; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"fragment F{i} on Query {{ ...F{i + 1} ...F{i + 1} }}\n");
        }

        return text.Append(CultureInfo.InvariantCulture, $"fragment F{levels} on Query {{ __typename }}\n").ToString();
    }

    // Every place a query text reaches the engine over REST, aimed at tenant B's own resources.
    private IEnumerable<(string Where, HttpRequestMessage Request)> RestPlaces(string text)
    {
        var b = world.OfB;
        yield return ("POST /v1/segments/query", Json("POST", "/v1/segments/query", JsonSerializer.Serialize(new { query = text })));
        yield return ("POST /v1/segments", Json("POST", "/v1/segments", JsonSerializer.Serialize(new { key = "probe_bad", name = "Probe", query = text })));
        yield return ("PATCH /v1/segments/{key}", Json("PATCH", $"/v1/segments/{b.SegmentKey}", JsonSerializer.Serialize(new { query = text })));
        yield return ("POST /v1/rules", Json("POST", "/v1/rules", JsonSerializer.Serialize(new { key = "probe_bad", name = "Probe", tag = b.ProbeTagKey, condition = text, enabled = false })));
        yield return ("PATCH /v1/rules/{key}", Json("PATCH", $"/v1/rules/{b.RuleKey}", JsonSerializer.Serialize(new { condition = text })));

        yield return ("GET /v1/customers?query=", new HttpRequestMessage(HttpMethod.Get, "/v1/customers?query=" + Uri.EscapeDataString(text)));
    }

    /// <summary>
    /// A GraphQL answer with errors, each carrying a code (the given one, when given), and no 5xx — or a problem
    /// with a code, for a request refused before it is read as GraphQL (one over the size limit).
    /// </summary>
    public static Func<ProbeAnswer, string?> GraphQLRefused(string? code = null) => answer =>
    {
        if (code is null && answer.IsProblem && (int)answer.Status is >= 400 and < 500)
        {
            return null;
        }

        var errors = answer.Json?["errors"] as JsonArray;
        var codes = errors?.Select(e => e?["extensions"]?["code"]?.GetValue<string>()).ToList() ?? [];
        return (int)answer.Status >= 500 ? "a server error"
            : codes.Count == 0 ? "expected errors"
            : codes.Any(string.IsNullOrEmpty) ? "an error without a code"
            : code is not null && !codes.Contains(code) ? $"expected code {code}"
            : answer.Status == HttpStatusCode.OK && answer.Json?["data"] is JsonObject data && data.Any(d => d.Value is not null) ? "data alongside the errors"
            : null;
    };

    public static HttpRequestMessage GraphQL(string query, object? variables = null) => Json("POST", "/graphql", Request(query, variables));

    private static string Request(string query, object? variables = null) => JsonSerializer.Serialize(new { query, variables });

    private static HttpRequestMessage Json(string method, string url, string body) =>
        new(new HttpMethod(method), url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
}

[Collection(SecurityOnSqlite.Name)]
public sealed class BadQueryCorpusOnSqlite(SecurityWorldOnSqlite world) : BadQueryCorpusTests(world);

[Collection(SecurityOnPostgres.Name)]
public sealed class BadQueryCorpusOnPostgres(SecurityWorldOnPostgres world) : BadQueryCorpusTests(world);
