using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TagApi.Api.Tests.Infrastructure;
using TagApi.Core.Data;
using TagApi.Core.TagAssignments;

namespace TagApi.Api.Tests.TagAssignments;

public abstract class TaggingCustomersTests(TagApiFactory factory) : ProviderSuite(factory)
{
    [Fact]
    public async Task Adding_a_held_tag_or_removing_an_absent_one_is_a_no_op()
    {
        var api = await Factory.CreateTenantAsync();
        await api.CreateTagAsync("vip");
        await api.CreateTagAsync("other");
        var id = (await api.UpsertCustomerAsync("c1")).Str("id");

        var first = await api.ChangeTagsAsync(id, add: ["vip"]);
        Assert.Equal(["vip"], first["added"]!.AsArray().Select(k => k!.GetValue<string>()));
        var again = await api.ChangeTagsAsync(id, add: ["vip"], remove: ["other"]);
        Assert.Empty(again["added"]!.AsArray());
        Assert.Empty(again["removed"]!.AsArray());
        Assert.Single((await api.GetAsync($"/v1/customers/{id}/tag-history"))["data"]!.AsArray());
    }

    [Fact]
    public async Task Adding_a_tag_of_an_exclusive_category_replaces_the_other()
    {
        var api = await TenantWithLifecycleTagsAsync();
        var id = (await api.UpsertCustomerAsync("c1")).Str("id");
        await api.ChangeTagsAsync(id, add: ["new_customer", "vip"]);

        var changed = await api.ChangeTagsAsync(id, add: ["loyal"]);

        Assert.Equal(["new_customer"], changed["removed"]!.AsArray().Select(k => k!.GetValue<string>()));
        Assert.Equal(["loyal", "vip"], await api.TagKeysOfAsync(id));
        var latest = (await api.GetAsync($"/v1/customers/{id}/tag-history"))["data"]!.AsArray();
        Assert.Contains(latest, h => h!.Str("tagKey") == "new_customer" && h!.Str("action") == "removed" && h!.Str("reason").Contains("exclusive", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_change_answers_with_the_tags_a_listing_then_shows()
    {
        var api = await TenantWithLifecycleTagsAsync();
        await api.CreateTagAsync("trial");
        var id = (await api.UpsertCustomerAsync("c1")).Str("id");
        var inAnHour = Factory.Clock.GetUtcNow().AddHours(1);

        // Adds, an expiry, an exclusive replacement, a moved expiry, and a removal beside a tag that expired unswept.
        await AnswerMatchesListingAsync(new { add = new[] { "new_customer", "vip" } }, ["new_customer", "vip"]);
        await AnswerMatchesListingAsync(new { add = new[] { "trial" }, expiresAt = inAnHour }, ["new_customer", "trial", "vip"]);
        await AnswerMatchesListingAsync(new { add = new[] { "loyal" } }, ["loyal", "trial", "vip"]);
        await AnswerMatchesListingAsync(new { add = new[] { "trial" }, expiresAt = inAnHour.AddHours(1) }, ["loyal", "trial", "vip"]);
        Factory.Clock.Advance(TimeSpan.FromHours(3));
        await api.RefreshTokenAsync();
        await AnswerMatchesListingAsync(new { remove = new[] { "vip" } }, ["loyal"]);

        async Task AnswerMatchesListingAsync(object change, string[] keys)
        {
            var answered = (await api.PostAsync($"/v1/customers/{id}/tags", change))["data"]!;
            var listed = (await api.GetAsync($"/v1/customers/{id}/tags"))["data"]!;
            Assert.True(JsonNode.DeepEquals(listed, answered), $"answered {answered.ToJsonString()}, listed {listed.ToJsonString()}");
            Assert.Equal(keys, answered.AsArray().Select(t => t!["tag"]!.Str("key")).Order());
        }
    }

    [Fact]
    public async Task Two_tags_of_one_exclusive_category_in_one_request_are_refused()
    {
        var api = await Factory.CreateTenantAsync();
        await api.CreateTagAsync("low", category: "value");
        await api.CreateTagAsync("high", category: "value");
        var id = (await api.UpsertCustomerAsync("c1")).Str("id");
        var problem = await api.ChangeTagsAsync(id, add: ["low", "high"], expected: HttpStatusCode.BadRequest);
        Assert.Contains("exclusive", problem["errors"]!["add"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(await api.TagKeysOfAsync(id));
    }

    [Fact]
    public async Task Manual_edits_of_rule_owned_tags_are_refused()
    {
        var api = await Factory.CreateTenantAsync();
        await api.CreateTagAsync("churn_risk", category: "lifecycle");
        await api.CreateTagAsync("loyal", category: "lifecycle");
        await MarkRuleOwnedAsync(api.TenantId, "churn_risk");
        var id = (await api.UpsertCustomerAsync("c1")).Str("id");

        Assert.Equal("rule_owned", (await api.ChangeTagsAsync(id, add: ["churn_risk"], expected: HttpStatusCode.Conflict)).Str("code"));
        Assert.Equal("rule_owned", (await api.ChangeTagsAsync(id, remove: ["churn_risk"], expected: HttpStatusCode.Conflict)).Str("code"));
        Assert.Equal("rule_owned", (await api.DeleteAsync("/v1/tags/churn_risk", HttpStatusCode.Conflict)).Str("code"));
        await api.PostAsync("/v1/tag-assignments", new { add = new[] { new { customer = id, tag = "churn_risk" } } }, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Every_change_lands_in_the_history_newest_first_with_its_source()
    {
        var api = await Factory.CreateTenantAsync();
        await api.CreateTagAsync("a");
        await api.CreateTagAsync("b");
        var id = (await api.UpsertCustomerAsync("c1")).Str("id");
        await api.ChangeTagsAsync(id, add: ["a"]);
        await api.ChangeTagsAsync(id, add: ["b"], remove: ["a"]);

        var history = (await api.GetAsync($"/v1/customers/{id}/tag-history"))["data"]!.AsArray();
        Assert.Equal(["b:added", "a:removed", "a:added"], history.Select(h => $"{h!.Str("tagKey")}:{h!.Str("action")}"));
        Assert.All(history, h => Assert.Equal("manual", h!.Str("source")));
        Assert.All(history, h => Assert.Equal(api.ClientId, h!.Str("sourceRef")));

        var page1 = await api.GetAsync($"/v1/customers/{id}/tag-history?limit=2");
        Assert.Equal(2, page1["data"]!.AsArray().Count);
        var page2 = await api.GetAsync($"/v1/customers/{id}/tag-history?limit=2&cursor={page1.Str("nextCursor")}");
        Assert.Equal("a:added", $"{page2["data"]![0]!.Str("tagKey")}:{page2["data"]![0]!.Str("action")}");
        Assert.Null(page2["nextCursor"]);
    }

    [Fact]
    public async Task A_tag_with_an_expiry_is_removed_when_the_time_comes()
    {
        var api = await Factory.CreateTenantAsync();
        await api.CreateTagAsync("trial");
        var id = (await api.UpsertCustomerAsync("c1")).Str("id");
        var expiresAt = Factory.Clock.GetUtcNow().AddHours(1);
        await api.PostAsync($"/v1/customers/{id}/tags", new { add = new[] { "trial" }, expiresAt });
        Assert.Equal(["trial"], await api.TagKeysOfAsync(id));

        Factory.Clock.Advance(TimeSpan.FromHours(2));
        await api.RefreshTokenAsync();
        Assert.Empty(await api.TagKeysOfAsync(id));
        var expired = await Factory.Services.GetRequiredService<TagExpiry>().SweepAsync(CancellationToken.None);

        Assert.True(expired >= 1);
        Assert.Equal("expired", (await api.GetAsync($"/v1/customers/{id}/tag-history"))["data"]![0]!.Str("action"));
        await api.PostAsync($"/v1/customers/{id}/tags", new { add = new[] { "trial" }, expiresAt = Factory.Clock.GetUtcNow().AddHours(-1) }, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Unknown_tags_are_named_in_the_error()
    {
        var api = await Factory.CreateTenantAsync();
        var id = (await api.UpsertCustomerAsync("c1")).Str("id");
        var problem = await api.ChangeTagsAsync(id, add: ["nope"], expected: HttpStatusCode.BadRequest);
        Assert.Contains("nope", problem["errors"]!["add[0]"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        await api.ChangeTagsAsync("cus_0000000000001", add: ["nope"], expected: HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Concurrent_changes_to_one_customer_never_break_exclusivity()
    {
        var api = await Factory.CreateTenantAsync();
        var tiers = new[] { "t1", "t2", "t3", "t4", "t5", "t6" };
        foreach (var tier in tiers)
        {
            await api.CreateTagAsync(tier, category: "value");
        }

        var id = (await api.UpsertCustomerAsync("c1")).Str("id");
        await Task.WhenAll(tiers.Select(t => api.ChangeTagsAsync(id, add: [t])));

        Assert.Single(await api.TagKeysOfAsync(id));
    }

    private async Task MarkRuleOwnedAsync(long tenantId, string key) =>
        await Factory.InTenantAsync(tenantId, sp =>
            sp.GetRequiredService<TagApiDbContext>().Tags.Where(t => t.Key == key).ExecuteUpdateAsync(s => s.SetProperty(t => t.RuleOwned, true)));

    // Two tags of the exclusive category "lifecycle" and one of "custom".
    private async Task<TenantSession> TenantWithLifecycleTagsAsync()
    {
        var api = await Factory.CreateTenantAsync();
        await api.CreateTagAsync("new_customer", category: "lifecycle");
        await api.CreateTagAsync("loyal", category: "lifecycle");
        await api.CreateTagAsync("vip", category: "custom");
        return api;
    }
}

public sealed class TaggingCustomersOnSqlite(SqliteTagApiFactory factory) : TaggingCustomersTests(factory), IClassFixture<SqliteTagApiFactory>;

public sealed class TaggingCustomersOnPostgres(PostgresTagApiFactory factory) : TaggingCustomersTests(factory), IClassFixture<PostgresTagApiFactory>;
