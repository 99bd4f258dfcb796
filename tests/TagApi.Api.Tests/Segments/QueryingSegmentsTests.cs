using System.Net;
using System.Text.Json.Nodes;
using TagApi.Api.Tests.Infrastructure;
using TagApi.Core.Tenancy;

namespace TagApi.Api.Tests.Segments;

public abstract class QueryingSegmentsTests(TagApiFactory factory) : ProviderSuite(factory)
{
    [Fact]
    public async Task Validate_reports_positions_and_suggestions_or_the_canonical_forms()
    {
        var api = await Factory.CreateTenantAsync();
        await api.CreateTagAsync("high_value");
        var badField = await api.PostAsync("/v1/segments/validate", new { query = "tag = 'high_value' AND cty = 'Shanghai'" });
        Assert.False(badField["valid"]!.GetValue<bool>());
        var error = badField["errors"]![0]!;
        Assert.Equal(("city", 1, 24), (error.Str("suggestion"), error["line"]!.GetValue<int>(), error["column"]!.GetValue<int>()));
        var badTag = await api.PostAsync("/v1/segments/validate", new { query = "tag = 'high_valu'" });
        Assert.Equal("high_value", badTag["errors"]![0]!.Str("suggestion"));

        var good = await api.PostAsync("/v1/segments/validate", new { query = "tag = 'high_value' and not city = 'Beijing'" });
        Assert.True(good["valid"]!.GetValue<bool>());
        Assert.Equal("tag = 'high_value' AND NOT city = 'Beijing'", good.Str("normalized"));
        Assert.NotNull(good["ast"]!["and"]);
    }

    [Fact]
    public async Task Counts_and_members_follow_every_write_at_once()
    {
        var api = await Factory.CreateTenantAsync();
        await api.CreateTagAsync("vip");
        await api.CreateTagAsync("churned");
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await api.UpsertCustomerAsync($"c{i}", new { city = i % 2 == 0 ? "Shanghai" : "Beijing", attributes = new { vipLevel = i } })).Str("id"));
        }

        await api.PostAsync("/v1/segments", new { key = "sh_vip", name = "Shanghai VIPs", query = "tag = 'vip' AND city = 'Shanghai' AND NOT tag = 'churned'" }, HttpStatusCode.Created);
        Assert.Equal(0, (await api.GetAsync("/v1/segments/sh_vip/count"))["count"]!.GetValue<long>());

        foreach (var id in ids)
        {
            await api.ChangeTagsAsync(id, add: ["vip"]);
        }

        Assert.Equal(3, (await api.GetAsync("/v1/segments/sh_vip/count"))["count"]!.GetValue<long>());
        await api.ChangeTagsAsync(ids[0], add: ["churned"]);
        await api.PatchAsync($"/v1/customers/{ids[2]}", new { city = "Hangzhou" });
        var members = await api.GetAsync("/v1/segments/sh_vip/customers");
        Assert.Equal(["c4"], members.Keys("externalId"));
        Assert.NotNull(members["computedAt"]);

        await api.DeleteAsync($"/v1/customers/{ids[4]}");
        Assert.Equal(0, (await api.GetAsync("/v1/segments/sh_vip/count"))["count"]!.GetValue<long>());

        var adHoc = await api.PostAsync("/v1/segments/query", new { query = "attributes.vipLevel >= 2 OR segment = 'sh_vip'", limit = 1 });
        Assert.Equal(2, adHoc["count"]!.GetValue<long>());
        Assert.Equal(["c2"], adHoc.Keys("externalId"));
        var next = await api.PostAsync("/v1/segments/query", new { query = "attributes.vipLevel >= 2 OR segment = 'sh_vip'", limit = 1, cursor = adHoc.Str("nextCursor") });
        Assert.Equal(["c3"], next.Keys("externalId"));
        Assert.Null(next["nextCursor"]);
        Assert.Equal(["c2", "c3"], (await api.GetAsync("/v1/customers?query=" + Uri.EscapeDataString("attributes.vipLevel >= 2"))).Keys("externalId"));
    }

    [Fact]
    public async Task Hierarchies_categories_and_fields_are_queryable()
    {
        var api = await Factory.CreateTenantAsync();
        await api.CreateTagAsync("electronics");
        await api.CreateTagAsync("phones", parent: "electronics");
        await api.CreateTagAsync("loyal", category: "lifecycle");
        var a = (await api.UpsertCustomerAsync("a", new { birthDate = "2000-01-01", source = "online" })).Str("id");
        var b = (await api.UpsertCustomerAsync("b", new { source = "offline" })).Str("id");
        await api.ChangeTagsAsync(a, add: ["phones", "loyal"]);

        async Task<long> Count(string q) => (await api.PostAsync("/v1/segments/query", new { query = q, limit = 0 }))["count"]!.GetValue<long>();
        Assert.Equal(1, await Count("tag UNDER 'electronics'"));
        Assert.Equal(0, await Count("tag = 'electronics'"));
        Assert.Equal(1, await Count("category.lifecycle = 'loyal'"));
        Assert.Equal(1, await Count("category.lifecycle IS NULL"));
        Assert.Equal(1, await Count("source = 'online' AND age >= 18"));
        Assert.Equal(2, await Count("true"));
        Assert.Equal(1, await Count("NOT age >= 18"));
        Assert.Equal(1, await Count("age IS NULL"));
        Assert.Equal([b], (await api.PostAsync("/v1/segments/query", new { query = "source = 'offline'" }))["data"]!.AsArray().Select(c => c!.Str("id")));
    }

    [Fact]
    public async Task Segments_are_managed_and_refuse_cycles_and_bad_queries()
    {
        var api = await Factory.CreateTenantAsync();
        var created = await api.PostAsync("/v1/segments", new { key = "a", name = "A", query = "true" }, HttpStatusCode.Created);
        Assert.StartsWith("seg_", created.Str("id"));
        await api.PostAsync("/v1/segments", new { key = "b", name = "B", query = "segment = 'a'" }, HttpStatusCode.Created);
        var cycle = await api.PatchAsync("/v1/segments/a", new { query = "segment = 'b'" }, HttpStatusCode.BadRequest);
        Assert.Contains("cycle", cycle["errors"]!["query"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("segment_in_use", (await api.DeleteAsync("/v1/segments/a", HttpStatusCode.Conflict)).Str("code"));

        var invalid = await api.PostAsync("/v1/segments", new { key = "c", name = "C", query = "tag = " }, HttpStatusCode.BadRequest);
        Assert.Equal("query_invalid", invalid.Str("code"));
        Assert.NotEmpty(invalid["errors"]!.AsArray());
        await api.PostAsync("/v1/segments", new { key = "a", name = "dup", query = "true" }, HttpStatusCode.Conflict);
        Assert.Equal(["a", "b"], (await api.GetAsync("/v1/segments")).Keys());
        await api.DeleteAsync("/v1/segments/b");
        await api.DeleteAsync("/v1/segments/a");
        await api.GetAsync("/v1/segments/a", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Export_streams_every_member_as_ndjson_or_csv()
    {
        var api = await Factory.CreateTenantAsync();
        await api.CreateTagAsync("vip");
        var everyThird = new List<string>();
        for (var i = 0; i < 2203; i++)
        {
            var created = await api.PostAsync("/v1/customers", new { externalId = $"c{i:D4}", email = $"c{i}@example.com" }, HttpStatusCode.Created);
            if (i % 3 == 0)
            {
                everyThird.Add(created.Str("id"));
            }
        }

        await api.PostAsync("/v1/tag-assignments", new { add = everyThird.Select(c => new { customer = c, tag = "vip" }).ToArray() });
        await api.PostAsync("/v1/segments", new { key = "everyone", name = "Everyone", query = "true" }, HttpStatusCode.Created);
        await api.PostAsync("/v1/segments", new { key = "vips", name = "VIPs", query = "tag = 'vip'" }, HttpStatusCode.Created);

        // Dense members are read by key range, sparse ones by key, in batches written while the next is read.
        var everyone = await ExportLinesAsync(api, "/v1/segments/everyone/export");
        Assert.Equal(Enumerable.Range(0, 2203).Select(i => $"c{i:D4}"), everyone.Select(l => l.Str("externalId")));
        Assert.Equal("c0@example.com", everyone[0].Str("email"));
        var vips = await ExportLinesAsync(api, "/v1/segments/vips/export?fields=id,externalId");
        Assert.Equal(everyThird, vips.Select(l => l.Str("id")));
        Assert.Equal(Enumerable.Range(0, 2203).Where(i => i % 3 == 0).Select(i => $"c{i:D4}"), vips.Select(l => l.Str("externalId")));
        Assert.All(vips, l => Assert.Null(l["email"]));
        Assert.Equal(everyThird, (await ExportLinesAsync(api, "/v1/segments/vips/export?fields=id")).Select(l => l.Str("id")));

        var csv = (await api.Http.GetStringAsync("/v1/segments/everyone/export?format=csv")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("id,externalId,email", csv[0]);
        Assert.Equal(2204, csv.Length);
        Assert.Equal($"{everyone[5].Str("id")},c0005,c5@example.com", csv[6]);

        // Without customers:pii the default columns leave the e-mail out (not emptied); asking for it by name is refused.
        var reader = await api.WithClientAsync(Scopes.SegmentsRead);
        var withoutPii = (await reader.Http.GetStringAsync("/v1/segments/vips/export?format=csv")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("id,externalId", withoutPii[0]);
        Assert.Equal(everyThird, withoutPii.Skip(1).Select(l => l.Split(',')[0]));
        var refused = await reader.GetAsync("/v1/segments/vips/export?format=csv&fields=id,email", HttpStatusCode.Forbidden);
        Assert.Equal("forbidden", refused.Str("code"));
        Assert.Contains(Scopes.CustomersPii, refused.Str("detail"), StringComparison.Ordinal);
        await api.GetAsync("/v1/segments/everyone/export?format=xml", HttpStatusCode.BadRequest);
    }

    private static async Task<List<JsonNode>> ExportLinesAsync(TenantSession api, string url) =>
        [.. (await api.Http.GetStringAsync(url)).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!)];

    [Fact]
    public async Task A_count_of_a_query_naming_no_saved_segment_reads_nothing_from_the_database()
    {
        var api = await Factory.CreateTenantAsync();
        await api.CreateTagAsync("vip");
        var id = (await api.UpsertCustomerAsync("c1")).Str("id");
        await api.ChangeTagsAsync(id, add: ["vip"]);
        await api.PostAsync("/v1/segments", new { key = "vips", name = "VIPs", query = "tag = 'vip'" }, HttpStatusCode.Created);
        await api.PostAsync("/v1/segments/query", new { query = "tag = 'vip'", limit = 0 });

        Factory.Commands.Reset(api.ClientId);
        var count = await api.PostAsync("/v1/segments/query", new { query = "tag = 'vip' AND NOT city = 'Beijing'", limit = 0 });
        Assert.Equal(1, count["count"]!.GetValue<long>());
        Assert.Equal(0, Factory.Commands.CountFor(api.ClientId));

        // Naming a saved segment reads the saved segments (once to check the name, once to compile it).
        var named = await api.PostAsync("/v1/segments/query", new { query = "segment = 'vips'", limit = 0 });
        Assert.Equal(1, named["count"]!.GetValue<long>());
        Assert.True(Factory.Commands.CountFor(api.ClientId) > 0);
    }
}

public sealed class QueryingSegmentsOnSqlite(SqliteTagApiFactory factory) : QueryingSegmentsTests(factory), IClassFixture<SqliteTagApiFactory>;

public sealed class QueryingSegmentsOnPostgres(PostgresTagApiFactory factory) : QueryingSegmentsTests(factory), IClassFixture<PostgresTagApiFactory>;
