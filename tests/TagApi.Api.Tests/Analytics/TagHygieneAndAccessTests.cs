using System.Globalization;
using System.Net;
using TagApi.Api.Tests.Infrastructure;
using TagApi.Core.Tenancy;

namespace TagApi.Api.Tests.Analytics;

/// <summary>Clean-up candidates and duplicates on a small known tenant; GraphQL answering as REST does; scopes and tenancy.</summary>
public abstract class TagHygieneAndAccessTests(TagApiFactory factory) : ProviderSuite(factory)
{
    [Fact]
    public async Task Unused_and_duplicate_tags_are_found_with_their_reasons()
    {
        var api = await Factory.CreateTenantAsync();
        await api.CreateTagAsync("vip_customer", name: "VIP客户");
        await api.CreateTagAsync("vip_customer_tw", name: "ＶＩＰ 客戶!");
        await api.CreateTagAsync("ghost", name: "Ghost");
        await api.CreateTagAsync("watched", name: "Watched");
        await api.CreateTagAsync("twin_a", name: "Twin A");
        await api.CreateTagAsync("twin_b", name: "Twin B");
        await api.PostAsync("/v1/segments", new { key = "watchers", name = "Watchers", query = "tag = 'watched'" }, HttpStatusCode.Created);
        var customers = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            var id = (await api.UpsertCustomerAsync($"h{i}")).Str("id");
            customers.Add(id);
            await api.ChangeTagsAsync(id, add: ["twin_a", "twin_b", "vip_customer"]);
        }

        await api.ChangeTagsAsync(customers[0], add: ["vip_customer_tw"]);
        var unused = await api.GetAsync("/v1/analytics/unused-tags?days=30");
        var byKey = unused["data"]!.AsArray().ToDictionary(u => u!["tag"]!.Str("key"));
        Assert.Equal("no_holders", byKey["ghost"]!.Str("reason"));
        Assert.Equal("delete", byKey["ghost"]!.Str("suggestion"));
        Assert.False(byKey.ContainsKey("watched"), "a tag a segment reads is not listed unless includeUsed=true");
        Assert.False(byKey.ContainsKey("twin_a"), "a tag changed today is not stale");

        var withUsed = await api.GetAsync("/v1/analytics/unused-tags?days=30&includeUsed=true");
        var watched = withUsed["data"]!.AsArray().Single(u => u!["tag"]!.Str("key") == "watched")!;
        Assert.Equal("archive", watched.Str("suggestion"));
        Assert.Equal(["watchers"], watched["usedBy"]!.AsArray().Select(u => u!.Str("key")));

        // Forty days on, the twins and the traditional-script VIP tag have holders but no recent change.
        Factory.Clock.Advance(TimeSpan.FromDays(40));
        await api.RefreshTokenAsync();
        var later = (await api.GetAsync("/v1/analytics/unused-tags?days=30"))["data"]!.AsArray().ToDictionary(u => u!["tag"]!.Str("key"));
        Assert.Equal("no_recent_change", later["twin_a"]!.Str("reason"));
        Assert.Equal("merge", later["vip_customer_tw"]!.Str("suggestion"));
        Assert.Equal("vip_customer", later["vip_customer_tw"]!["mergeInto"]!.Str("key"));

        var pairs = (await api.GetAsync("/v1/analytics/duplicate-tags"))["data"]!.AsArray();
        var vip = pairs.Single(p => p!["second"]!.Str("key") == "vip_customer_tw")!;
        Assert.Equal("vip_customer", vip["first"]!.Str("key"));
        Assert.Contains("same_name", vip["reasons"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal("vip客户", vip.Str("foldedName"));
        var twins = pairs.Single(p => p!["first"]!.Str("key") == "twin_a" && p["second"]!.Str("key") == "twin_b")!;
        Assert.Equal(["holders_overlap"], twins["reasons"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal(10, twins["both"]!.GetValue<long>());
        Assert.Equal(1.0, twins["jaccard"]!.GetValue<double>());
    }

    [Fact]
    public async Task GraphQL_answers_what_REST_answers()
    {
        var api = await Factory.CreateTenantAsync();
        await api.CreateTagAsync("gold", category: "value");
        await api.CreateTagAsync("news");
        var customer = (await api.UpsertCustomerAsync("g1", new { city = "Shanghai" })).Str("id");
        await api.ChangeTagsAsync(customer, add: ["gold", "news"]);
        Factory.Clock.Advance(TimeSpan.FromMinutes(10));
        var before = Factory.Clock.GetUtcNow().UtcDateTime.AddMinutes(-5);
        await api.ChangeTagsAsync(customer, remove: ["news"]);
        var asOf = before.ToString("O", CultureInfo.InvariantCulture);

        var data = await api.GraphQLAsync($$"""
            query($id: ID!, $asOf: DateTime!) {
              tagAnalytics { totalCustomers tags { tag { key } holders byRule byHand added30d removed30d } categories { category { key } covered split { tag holders } } }
              tagOverlap(tags: ["gold", "news"]) { tags counts jaccard lift }
              tagTrend(tag: "gold", interval: "week") { interval points { added removed net holders } }
              tagProfile(tag: "gold") { holders { customers top { city { value customers } ageBand { value } } } others { customers } }
              unusedTags { data { tag { key } reason } }
              duplicateTags { data { first { key } } }
              customer(id: $id) { tags(asOf: $asOf) { tag { key } } now: tags { tag { key } } }
            }
            """, new { id = customer, asOf });
        var rest = await api.GetAsync("/v1/analytics/tags");
        Assert.Equal(rest["totalCustomers"]!.GetValue<long>(), data["tagAnalytics"]!["totalCustomers"]!.GetValue<long>());
        Assert.Equal(
            rest["tags"]!.AsArray().Select(t => (t!["tag"]!.Str("key"), t["holders"]!.GetValue<long>(), t["added30d"]!.GetValue<long>())),
            data["tagAnalytics"]!["tags"]!.AsArray().Select(t => (t!["tag"]!.Str("key"), t["holders"]!.GetValue<long>(), t["added30d"]!.GetValue<long>())));
        var overlap = await api.GetAsync("/v1/analytics/tag-overlap?tags=gold,news");
        Assert.Equal(overlap["counts"]!.ToJsonString(), data["tagOverlap"]!["counts"]!.ToJsonString());
        Assert.Equal(overlap["lift"]!.ToJsonString(), data["tagOverlap"]!["lift"]!.ToJsonString());
        var trend = await api.GetAsync("/v1/analytics/tags/gold/trend?interval=week");
        Assert.Equal(trend["points"]!.AsArray().Select(p => p!["holders"]!.GetValue<long>()), data["tagTrend"]!["points"]!.AsArray().Select(p => p!["holders"]!.GetValue<long>()));
        Assert.Equal(1, data["tagProfile"]!["holders"]!["customers"]!.GetValue<long>());
        Assert.Equal("Shanghai", data["tagProfile"]!["holders"]!["top"]!["city"]![0]!.Str("value"));
        Assert.Equal(["gold", "news"], data["customer"]!["tags"]!.AsArray().Select(t => t!["tag"]!.Str("key")).Order());
        Assert.Equal(["gold"], data["customer"]!["now"]!.AsArray().Select(t => t!["tag"]!.Str("key")));
    }

    [Fact]
    public async Task Analytics_need_their_scope_and_stay_inside_the_tenant()
    {
        var owner = await Factory.CreateTenantAsync();
        await owner.CreateTagAsync("secret_tag");
        var other = await Factory.CreateTenantAsync();
        var noScope = await Factory.CreateTenantAsync(Scopes.TagsRead, Scopes.CustomersRead);
        await noScope.GetAsync("/v1/analytics/tags", HttpStatusCode.Forbidden);
        Assert.Contains("FORBIDDEN", (await noScope.Http.PostGraphQLAsync("{ tagAnalytics { totalCustomers } }")).Body.ErrorCodes());

        var tagId = (await owner.GetAsync("/v1/tags/secret_tag")).Str("id");
        await other.GetAsync($"/v1/analytics/tags/{tagId}/trend", HttpStatusCode.NotFound);
        await other.GetAsync($"/v1/analytics/tags/{tagId}/profile", HttpStatusCode.NotFound);
        Assert.Equal("unknown_tag", (await other.GetAsync($"/v1/analytics/tag-overlap?tags={tagId}", HttpStatusCode.BadRequest)).Str("code"));
        var many = string.Join(',', Enumerable.Range(0, 51).Select(i => $"t{i}"));
        Assert.Equal("too_many_items", (await owner.GetAsync($"/v1/analytics/tag-overlap?tags={many}", HttpStatusCode.BadRequest)).Str("code"));
        Assert.Equal("too_many_points", (await owner.GetAsync("/v1/analytics/tags/secret_tag/trend?from=2000-01-01T00:00:00Z", HttpStatusCode.BadRequest)).Str("code"));
        Assert.Equal("validation_failed", (await owner.GetAsync("/v1/analytics/tags/secret_tag/trend?interval=hour", HttpStatusCode.BadRequest)).Str("code"));
        Assert.Equal("validation_failed", (await owner.GetAsync("/v1/analytics/unused-tags?days=0", HttpStatusCode.BadRequest)).Str("code"));
    }
}

public sealed class TagHygieneAndAccessOnSqlite(SqliteTagApiFactory factory) : TagHygieneAndAccessTests(factory), IClassFixture<SqliteTagApiFactory>;

public sealed class TagHygieneAndAccessOnPostgres(PostgresTagApiFactory factory) : TagHygieneAndAccessTests(factory), IClassFixture<PostgresTagApiFactory>;
