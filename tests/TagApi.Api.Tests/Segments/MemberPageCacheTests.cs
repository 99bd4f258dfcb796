using System.Net;
using System.Text.Json.Nodes;
using TagApi.Api.Tests.Infrastructure;

namespace TagApi.Api.Tests.Segments;

/// <summary>
/// A member page asked for again is answered from the node's cache of recently served members, without a database
/// read — and never shows what changed since: a customer's new fields or tags, a renamed tag, a tag that expired, or
/// personal data to a client without <c>customers:pii</c>.
/// </summary>
public abstract class MemberPageCacheTests(TagApiFactory factory) : ProviderSuite(factory)
{
    [Fact]
    public async Task A_page_asked_for_again_reads_nothing_from_the_database_and_answers_the_same()
    {
        var api = await MembersAsync("vip", 3);
        var first = await PageAsync(api, "tag = 'vip'");

        Factory.Commands.Reset(api.ClientId);
        var again = await PageAsync(api, "tag = 'vip'");

        Assert.Equal(0, Factory.Commands.CountFor(api.ClientId));
        Assert.Equal(first["data"]!.ToJsonString(), again["data"]!.ToJsonString());
        Assert.Equal(3, again["data"]!.AsArray().Count);
    }

    [Fact]
    public async Task A_changed_member_is_read_again()
    {
        var api = await MembersAsync("vip", 3);
        await PageAsync(api, "tag = 'vip'");

        await api.PutAsync("/v1/customers/by-external-id/m1", new { name = "Renamed", attributes = new { plan = "gold" } });
        await api.CreateTagAsync("gold");
        var id = (await api.GetAsync("/v1/customers/by-external-id/m1")).Str("id");
        await api.ChangeTagsAsync(id, add: ["gold"]);

        var page = await Eventually.WaitForAsync(() => PageAsync(api, "tag = 'vip'"), p => Member(p, "m1")["tags"]!.AsArray().Count == 2);
        var member = Member(page, "m1");
        Assert.Equal(["gold", "vip"], member["tags"]!.AsArray().Select(t => t!.GetValue<string>()).Order());
        Assert.Equal("Renamed", member.Str("name"));
        Assert.Equal("gold", member["attributes"]!.Str("plan"));
        Assert.Equal((await api.GetAsync($"/v1/customers/{id}"))["version"]!.GetValue<long>(), member["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_renamed_tag_shows_its_new_key()
    {
        var api = await MembersAsync("vip", 2);
        await PageAsync(api, "tag = 'vip'");

        await api.PatchAsync("/v1/tags/vip", new { key = "very_important" });

        var page = await Eventually.WaitForAsync(() => PageAsync(api, "tag = 'very_important'"), p => p["data"]!.AsArray().Count == 2);
        Assert.All(page["data"]!.AsArray(), m => Assert.Equal(["very_important"], m!["tags"]!.AsArray().Select(t => t!.GetValue<string>())));
    }

    [Fact]
    public async Task A_tag_that_expired_leaves_the_page_before_the_sweep_removes_it()
    {
        var api = await MembersAsync("vip", 1);
        await api.CreateTagAsync("trial");
        var id = (await api.GetAsync("/v1/customers/by-external-id/m0")).Str("id");
        await api.PostAsync($"/v1/customers/{id}/tags", new { add = new[] { "trial" }, expiresAt = Factory.Clock.GetUtcNow().AddHours(1) });
        await Eventually.WaitForAsync(() => PageAsync(api, "tag = 'vip'"), p => Member(p, "m0")["tags"]!.AsArray().Count == 2);
        Assert.Equal(2, Member(await PageAsync(api, "tag = 'vip'"), "m0")["tags"]!.AsArray().Count);

        // The sweep runs hourly in tests: the assignment row is still there, only its time has passed.
        Factory.Clock.Advance(TimeSpan.FromHours(2));
        await api.RefreshTokenAsync();

        var page = await PageAsync(api, "tag = 'vip'");
        Assert.Equal(["vip"], Member(page, "m0")["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
    }

    [Fact]
    public async Task Personal_data_a_client_may_see_is_not_shown_to_one_that_may_not()
    {
        var api = await MembersAsync("vip", 2);
        var withPii = await PageAsync(api, "tag = 'vip'");
        Assert.Equal("m0@example.com", Member(withPii, "m0").Str("email"));

        var reader = await api.WithClientAsync("segments:read", "customers:read");
        var withoutPii = await PageAsync(reader, "tag = 'vip'");

        Assert.Null(Member(withoutPii, "m0")["email"]);
        Assert.Null(Member(withoutPii, "m0")["name"]);
    }

    private static JsonNode Member(JsonNode page, string externalId) =>
        page["data"]!.AsArray().Single(m => m!.Str("externalId") == externalId)!;

    private static Task<JsonNode> PageAsync(TenantSession api, string query) =>
        api.PostAsync("/v1/segments/query", new { query, limit = 50 });

    // A tenant whose customers m0…m(n-1) hold the tag, each with a name and an e-mail.
    private async Task<TenantSession> MembersAsync(string tag, int customers)
    {
        var api = await Factory.CreateTenantAsync();
        await api.CreateTagAsync(tag);
        for (var i = 0; i < customers; i++)
        {
            var id = (await api.UpsertCustomerAsync($"m{i}", new { name = $"Member {i}", email = $"m{i}@example.com" })).Str("id");
            await api.ChangeTagsAsync(id, add: [tag]);
        }

        await Eventually.WaitForAsync(() => PageAsync(api, $"tag = '{tag}'"), p => p["data"]!.AsArray().Count == customers);
        return api;
    }
}

public sealed class MemberPageCacheOnSqlite(SqliteTagApiFactory factory) : MemberPageCacheTests(factory), IClassFixture<SqliteTagApiFactory>;

public sealed class MemberPageCacheOnPostgres(PostgresTagApiFactory factory) : MemberPageCacheTests(factory), IClassFixture<PostgresTagApiFactory>;
