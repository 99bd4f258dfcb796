using System.Net.Http.Headers;
using System.Text.Json;
using System.Text;
using System.Text.Json.Nodes;
using TagApi.Api.Tests.Infrastructure;

namespace TagApi.Api.Tests.Security;

/// <summary>
/// Bad input to every REST operation it fits, enumerated from the served OpenAPI document: broken and
/// mistyped bodies, unknown members, over-long text, page sizes, cursors and ids. Each is a 4xx
/// problem with a code, answered within <see cref="Probe.Fast"/>; so are the statuses the framework answers
/// itself (unknown route, wrong method, wrong media type, over-long URL). Requests come from tenant B at its own
/// resources, so the corruption is the only thing wrong with them.
/// </summary>
public abstract class BadRequestCorpusTests(SecurityWorld world)
{
    private IEnumerable<OpenApiOperation> JsonBodied => world.Protected.Where(o => o.HasJsonBody);

    [Fact]
    public async Task Malformed_json_bodies_are_refused_with_a_code()
    {
        var probe = new Probe();
        foreach (var operation in JsonBodied)
        {
            foreach (var (label, bytes) in BadInputCorpus.MalformedBodies)
            {
                await probe.CheckAsync(world.B.Http, WithBody(operation, new ByteArrayContent(bytes)), Probe.Fast, Probe.RefusedWith(400), $"{operation}: {label}");
            }
        }

        probe.AssertNone("malformed JSON bodies");
    }

    [Fact]
    public async Task Unknown_members_are_refused_with_a_code()
    {
        var probe = new Probe();
        foreach (var operation in JsonBodied)
        {
            foreach (var member in new[] { "zzzUnknown", "id", "createdAt", "tenantId", "ruleOwned" })
            {
                var body = RestRecipe.For(operation).BodyObject(world.OfB)!;
                if (body.ContainsKey(member))
                {
                    continue;
                }

                body[member] = member == "createdAt" ? "2020-01-01T00:00:00Z" : "x";
                await probe.CheckAsync(world.B.Http, WithJson(operation, body.ToJsonString()), Probe.Fast, Probe.RefusedWith(400), $"{operation}: {member}");
            }
        }

        probe.AssertNone("bodies with members the contract does not have");
    }

    [Fact]
    public async Task Members_of_the_wrong_type_are_refused_with_a_code()
    {
        var probe = new Probe();
        foreach (var operation in JsonBodied)
        {
            foreach (var member in RestRecipe.For(operation).BodyObject(world.OfB)!.Select(m => m.Key).ToList())
            {
                var body = RestRecipe.For(operation).BodyObject(world.OfB)!;
                body[member] = BadInputCorpus.WrongKind(body[member]);
                await probe.CheckAsync(world.B.Http, WithJson(operation, body.ToJsonString()), Probe.Fast, Probe.RefusedWith(400), $"{operation}: {member} as {body[member]!.GetValueKind()}");
            }
        }

        probe.AssertNone("bodies with members of the wrong type");
    }

    [Fact]
    public async Task Over_long_text_is_refused_with_a_code()
    {
        var probe = new Probe();
        foreach (var operation in JsonBodied)
        {
            var members = RestRecipe.For(operation).BodyObject(world.OfB)!.Where(m => m.Value?.GetValueKind() == System.Text.Json.JsonValueKind.String).Select(m => m.Key).ToList();
            foreach (var member in members)
            {
                var body = RestRecipe.For(operation).BodyObject(world.OfB)!;
                body[member] = BadInputCorpus.OverLong;
                await probe.CheckAsync(world.B.Http, WithJson(operation, body.ToJsonString()), Probe.Fast, RefusedOrReported(400, 404), $"{operation}: {member}");
            }
        }

        probe.AssertNone("over-long text");
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
        await probe.CheckAsync(world.B.Http, new HttpRequestMessage(HttpMethod.Get, "/v1/tags?q=" + new string('x', 20_000)), Probe.Fast, Probe.RefusedWith(414, 400), "over-long URL");
        probe.AssertNone("statuses answered by the framework");
    }

    [Fact]
    public async Task Page_sizes_outside_1_to_200_are_refused_with_a_code()
    {
        var probe = new Probe();
        foreach (var list in world.Protected.Where(o => o.TakesLimit))
        {
            foreach (var limit in BadInputCorpus.BadLimits)
            {
                await probe.CheckAsync(world.B.Http, RestRecipe.For(list).Build(list, world.OfB, world.OfB, extraQuery: "limit=" + Uri.EscapeDataString(limit)),
                    Probe.Fast, Probe.RefusedWith(400), $"{list}: limit={limit}");
            }
        }

        foreach (var limit in new JsonNode[] { -1, 201, 1_000_000, 2_147_483_648L, 1.5 })
        {
            await probe.CheckAsync(world.B.Http, Json("POST", "/v1/segments/query", new JsonObject { ["query"] = "true", ["limit"] = limit }.ToJsonString()),
                Probe.Fast, Probe.RefusedWith(400), $"QuerySegment: limit {limit}");
        }

        probe.AssertNone("page sizes");
    }

    [Fact]
    public async Task Garbage_and_foreign_list_cursors_are_refused_with_a_code()
    {
        var probe = new Probe();
        var otherList = (await world.B.GetAsync("/v1/tag-categories?limit=1")).Str("nextCursor");
        foreach (var list in world.Protected.Where(o => o.IsList && o.Method == "GET"))
        {
            foreach (var cursor in BadInputCorpus.GarbageCursors.Append(otherList).Where(c => list.Path != "/v1/tag-categories" || c != otherList))
            {
                await probe.CheckAsync(world.B.Http, RestRecipe.For(list).Build(list, world.OfB, world.OfB, extraQuery: "cursor=" + Uri.EscapeDataString(cursor)),
                    Probe.Fast, Probe.RefusedWith(400), $"{list}: cursor {cursor[..Math.Min(20, cursor.Length)]}");
            }
        }

        foreach (var cursor in BadInputCorpus.GarbageCursors.Append(otherList))
        {
            await probe.CheckAsync(world.B.Http, Json("POST", "/v1/segments/query", new JsonObject { ["query"] = "true", ["cursor"] = cursor }.ToJsonString()),
                Probe.Fast, Probe.RefusedWith(400), "QuerySegment: cursor");
        }

        probe.AssertNone("garbage cursors");
    }

    [Fact]
    public async Task Malformed_ids_of_every_prefix_are_refused_with_a_code()
    {
        var probe = new Probe();
        foreach (var operation in world.Protected.Where(o => o.PathParameters.Count > 0))
        {
            var recipe = RestRecipe.For(operation);
            var (ownId, _) = SeededTenant.ByCollection[operation.Collection!](world.OfB);
            var ids = recipe.KeyedByCaller ? BadInputCorpus.MalformedExternalIds : BadInputCorpus.MalformedIds(world.OfB).Where(id => id != ownId);
            foreach (var id in ids)
            {
                var request = recipe.Build(operation, world.OfB, world.OfB);
                request.RequestUri = new Uri(operation.PathWith(id) + (request.RequestUri!.OriginalString.Split('?') is [_, var query] ? "?" + query : ""), UriKind.Relative);
                await probe.CheckAsync(world.B.Http, request, Probe.Fast, Probe.RefusedWith(400, 404), $"{operation}: id {id[..Math.Min(20, id.Length)]}");
            }
        }

        probe.AssertNone("malformed ids");
    }

    // Validation answers 200 with every error listed: that is its contract, not a failure to refuse.
    private static Func<ProbeAnswer, string?> RefusedOrReported(params int[] statuses) => answer =>
        answer.Status == System.Net.HttpStatusCode.OK && answer.Json?["valid"]?.GetValue<bool>() == false && answer.Json["errors"]!.AsArray().Count > 0
            ? null
            : Probe.RefusedWith(statuses)(answer);

    private HttpRequestMessage WithBody(OpenApiOperation operation, HttpContent content)
    {
        var request = RestRecipe.For(operation).Build(operation, world.OfB, world.OfB);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Content = content;
        return request;
    }

    private HttpRequestMessage WithJson(OpenApiOperation operation, string json) => WithBody(operation, new StringContent(json, Encoding.UTF8));

    private static HttpRequestMessage Json(string method, string url, string json) =>
        new(new HttpMethod(method), url) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
}

[Collection(SecurityOnSqlite.Name)]
public sealed class BadRequestCorpusOnSqlite(SecurityWorldOnSqlite world) : BadRequestCorpusTests(world);

[Collection(SecurityOnPostgres.Name)]
public sealed class BadRequestCorpusOnPostgres(SecurityWorldOnPostgres world) : BadRequestCorpusTests(world);
