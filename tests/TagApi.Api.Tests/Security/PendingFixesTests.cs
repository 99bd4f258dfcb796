using System.Net;
using System.Text;
using System.Text.Json;

namespace TagApi.Api.Tests.Security;

/// <summary>
/// Cases of the bad-input corpus whose fixes were being made on other branches when the suite was written
/// (problem codes for every status, repeated JSON members and page size 0 on one list; GraphQL fragment
/// and alias amplification). Each is a test of its own, named for what it proves, so that the fix turns
/// exactly it green; the generic corpus leaves out only the cases listed in <see cref="PendingFixes"/>.
/// </summary>
public abstract class PendingFixesTests(SecurityWorld world)
{
    [Fact]
    public async Task Segment_members_refuse_a_page_size_of_zero_like_every_list()
    {
        var probe = new Probe();
        await probe.CheckAsync(world.B.Http, new HttpRequestMessage(HttpMethod.Get, $"/v1/segments/{world.OfB.SegmentId}/customers?limit=0"),
            Probe.Fast, Probe.RefusedWith(400), "ListSegmentCustomers: limit=0");
        probe.AssertNone("page size 0");
    }

    [Fact]
    public async Task Repeated_json_members_are_refused_with_a_code()
    {
        // A tenant of its own: where repeated members are still accepted, these requests change what they name.
        var api = await world.Factory.CreateTenantAsync();
        var own = await SeededTenant.SeedAsync(api, "c");
        var probe = new Probe();
        foreach (var operation in world.Protected.Where(o => o.HasJsonBody))
        {
            var body = RestRecipe.For(operation).BodyObject(own)!;
            var (name, value) = body.First();
            var json = body.ToJsonString();
            var repeated = $"{{{JsonSerializer.Serialize(name)}:{value?.ToJsonString() ?? "null"},{json[1..]}";
            var request = RestRecipe.For(operation).Build(operation, own, own);
            request.Content = new StringContent(repeated, Encoding.UTF8, "application/json");
            await probe.CheckAsync(api.Http, request, Probe.Fast, Probe.RefusedWith(400), $"{operation}: {name} twice");
        }

        probe.AssertNone("repeated JSON members");
    }

    [Fact]
    public async Task Unknown_routes_wrong_methods_and_media_types_answer_problems_with_a_code()
    {
        var probe = new Probe();
        await probe.CheckAsync(world.B.Http, new HttpRequestMessage(HttpMethod.Get, "/v1/no-such-resource"), Probe.Fast, Probe.RefusedWith(404), "unknown route");
        await probe.CheckAsync(world.B.Http, new HttpRequestMessage(HttpMethod.Delete, "/v1/events"), Probe.Fast, Probe.RefusedWith(405), "wrong method");
        await probe.CheckAsync(world.B.Http, new HttpRequestMessage(HttpMethod.Post, "/v1/tags") { Content = new StringContent("key=x", Encoding.UTF8, "text/plain") },
            Probe.Fast, Probe.RefusedWith(415), "wrong media type");
        probe.AssertNone("statuses answered by the framework");
    }

    [Fact]
    public async Task GraphQL_fragment_bombs_and_alias_amplification_are_refused_fast()
    {
        var probe = new Probe();
        var predicates = string.Join(" OR ", Enumerable.Range(0, 100).Select(i => $"city = 'c{i}'"));
        var aliases = string.Concat(Enumerable.Range(0, 1_000).Select(i => $" a{i}: segmentQuery(first: 1, query: $q) {{ totalCount }}"));
        foreach (var (label, request) in new[]
        {
            ("fragments doubling 25 levels deep", BadQueryCorpusTests.GraphQL(FragmentBomb(25))),
            ("a fragment bomb defined but not used", BadQueryCorpusTests.GraphQL("query { __typename }\n" + FragmentBomb(24)[FragmentBomb(24).IndexOf('\n', StringComparison.Ordinal)..])),
            ("1,000 aliases of a 100-predicate evaluation", BadQueryCorpusTests.GraphQL($"query($q: String!) {{{aliases} }}", new { q = predicates })),
        })
        {
            await probe.CheckAsync(world.B.Http, request, Probe.Fast,
                answer => BadQueryCorpusTests.GraphQLRefused()(answer) ?? ((int)answer.Status is >= 400 and < 500 ? null : "expected a 4xx"), label);
        }

        probe.AssertNone("GraphQL amplification");
    }

    // An operation spreading F0; each Fi spreads F(i+1) twice; the last selects a leaf: 2^levels selections in a small document.
    private static string FragmentBomb(int levels)
    {
        var text = new StringBuilder("query { ...F0 }\n");
        for (var i = 0; i < levels; i++)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"fragment F{i} on Query {{ ...F{i + 1} ...F{i + 1} }}\n");
        }

        return text.Append(System.Globalization.CultureInfo.InvariantCulture, $"fragment F{levels} on Query {{ __typename }}\n").ToString();
    }
}

[Collection(SecurityOnSqlite.Name)]
public sealed class PendingFixesOnSqlite(SecurityWorldOnSqlite world) : PendingFixesTests(world);

[Collection(SecurityOnPostgres.Name)]
public sealed class PendingFixesOnPostgres(SecurityWorldOnPostgres world) : PendingFixesTests(world);
