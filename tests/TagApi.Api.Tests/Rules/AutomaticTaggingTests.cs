using System.Net;
using System.Text.Json.Nodes;
using TagApi.Api.Tests.Infrastructure;

namespace TagApi.Api.Tests.Rules;

public abstract class AutomaticTaggingTests(TagApiFactory factory) : ProviderSuite(factory)
{
    private DateTime Now => Factory.Clock.GetUtcNow().UtcDateTime;

    [Fact]
    public async Task Highly_active_customers_gain_the_tag_from_activities_and_lose_it_as_time_passes()
    {
        var api = await Factory.CreateTenantAsync();
        await api.CreateTagAsync("highly_active", category: "behavior");
        var rule = await api.PostAsync("/v1/rules", new { key = "highly_active", name = "Highly active", tag = "highly_active", condition = "count(interaction, 30d) >= 3" }, HttpStatusCode.Created);
        Assert.Equal(1, rule["version"]!.GetValue<int>());
        var busy = (await api.UpsertCustomerAsync("busy")).Str("id");
        var quiet = (await api.UpsertCustomerAsync("quiet")).Str("id");
        await RecordAsync(api, busy, "interaction", daysAgo: [1, 5, 20]);
        await RecordAsync(api, quiet, "interaction", daysAgo: [1, 40]);

        Assert.Equal(["highly_active"], await TagsEventuallyAsync(api, busy, ["highly_active"]));
        Assert.Empty(await api.TagKeysOfAsync(quiet));
        var history = (await api.GetAsync($"/v1/customers/{busy}/tag-history"))["data"]![0]!;
        Assert.Equal(("rule", $"{rule.Str("id")}@v1"), (history.Str("source"), history.Str("sourceRef")));

        // 11 days on, the interaction of 20 days ago has left the window: the scheduled run removes the tag.
        Factory.Clock.Advance(TimeSpan.FromDays(11));
        await api.RefreshTokenAsync();
        Assert.Empty(await TagsEventuallyAsync(api, busy, []));
        var removal = (await api.GetAsync($"/v1/customers/{busy}/tag-history"))["data"]![0]!;
        Assert.Equal("removed", removal.Str("action"));
        var shown = await Eventually.WaitForAsync(() => api.GetAsync("/v1/rules/highly_active"), r => r["lastEvaluatedAt"] is { } at && at.GetValue<DateTime>() > Now.AddMinutes(-1));
        Assert.True(shown["lastEvaluatedAt"]!.GetValue<DateTime>() > Now.AddMinutes(-1), shown.ToJsonString() + " now " + Now.ToString("O"));
        Assert.True(shown["nextEvaluationAt"]!.GetValue<DateTime>() <= Now.AddMinutes(15).AddSeconds(1));
    }

    [Fact]
    public async Task High_value_and_churn_risk_follow_purchases_and_time()
    {
        var api = await Factory.CreateTenantAsync();
        await api.CreateTagAsync("high_value", category: "value");
        await api.CreateTagAsync("churn_risk", category: "lifecycle");
        await api.PostAsync("/v1/rules", new { key = "high_value", name = "High value", tag = "high_value", condition = "sum(purchase.amount, 365d) > 10000" }, HttpStatusCode.Created);
        await api.PostAsync("/v1/rules", new { key = "churn_risk", name = "Churn risk", tag = "churn_risk", condition = "daysSince(purchase) > 90 AND orderCount > 0" }, HttpStatusCode.Created);
        var big = (await api.UpsertCustomerAsync("big")).Str("id");
        await api.PostAsync("/v1/activities", new { customer = big, type = "purchase", amount = 6000, occurredAt = Now.AddDays(-80) }, HttpStatusCode.Created);
        Assert.Empty(await TagsEventuallyAsync(api, big, [], settle: true));
        await api.PostAsync("/v1/activities", new { customer = big, type = "purchase", amount = 4500, occurredAt = Now.AddDays(-2) }, HttpStatusCode.Created);
        Assert.Equal(["high_value"], await TagsEventuallyAsync(api, big, ["high_value"]));

        // 100 days without a purchase: churn risk, still high value within the year.
        Factory.Clock.Advance(TimeSpan.FromDays(100));
        await api.RefreshTokenAsync();
        Assert.Equal(["churn_risk", "high_value"], await TagsEventuallyAsync(api, big, ["churn_risk", "high_value"]));
        await api.PostAsync("/v1/activities", new { customer = big, type = "purchase", amount = 10, occurredAt = Now }, HttpStatusCode.Created);
        Assert.Equal(["high_value"], await TagsEventuallyAsync(api, big, ["high_value"]));
    }

    [Fact]
    public async Task Value_bands_move_a_customer_between_exclusive_tags()
    {
        var api = await Factory.CreateTenantAsync();
        foreach (var key in new[] { "value_high", "value_mid", "value_low" })
        {
            await api.CreateTagAsync(key, category: "value");
        }

        await api.PostAsync("/v1/rules", new
        {
            key = "value_tier", name = "Value tier",
            bands = new[]
            {
                new { tag = "value_high", when = "sum(purchase.amount, 365d) >= 2000" },
                new { tag = "value_mid", when = "sum(purchase.amount, 365d) >= 300" },
                new { tag = "value_low", when = "true" },
            },
        }, HttpStatusCode.Created);
        var shopper = (await api.UpsertCustomerAsync("shopper")).Str("id");
        Assert.Equal(["value_low"], await TagsEventuallyAsync(api, shopper, ["value_low"]));
        await api.PostAsync("/v1/activities", new { customer = shopper, type = "purchase", amount = 500 }, HttpStatusCode.Created);
        Assert.Equal(["value_mid"], await TagsEventuallyAsync(api, shopper, ["value_mid"]));
        await api.PostAsync("/v1/activities", new { customer = shopper, type = "purchase", amount = 1600 }, HttpStatusCode.Created);
        Assert.Equal(["value_high"], await TagsEventuallyAsync(api, shopper, ["value_high"]));

        var history = (await api.GetAsync($"/v1/customers/{shopper}/tag-history"))["data"]!.AsArray();
        Assert.Contains(history, h => h!.Str("tagKey") == "value_mid" && h!.Str("action") == "removed" && h!.Str("reason").Contains("value_high", StringComparison.Ordinal));

        var manual = await api.ChangeTagsAsync(shopper, remove: ["value_high"], expected: HttpStatusCode.Conflict);
        Assert.Equal("rule_owned", manual.Str("code"));
        var batch = await api.PostAsync("/v1/tag-assignments", new { add = new[] { new { customer = shopper, tag = "value_low" } } }, HttpStatusCode.BadRequest);
        Assert.Equal("rule_owned", batch["items"]![0]!.Str("code"));
    }

    [Fact]
    public async Task A_higher_priority_rule_wins_in_an_exclusive_category()
    {
        var api = await Factory.CreateTenantAsync();
        await api.CreateTagAsync("loyal", category: "lifecycle");
        await api.CreateTagAsync("vip_life", category: "lifecycle");
        await api.PostAsync("/v1/rules", new { key = "loyal", name = "Loyal", tag = "loyal", condition = "orderCount >= 1", priority = 1 }, HttpStatusCode.Created);
        await api.PostAsync("/v1/rules", new { key = "vip_life", name = "VIP", tag = "vip_life", condition = "totalSpent >= 1000", priority = 5 }, HttpStatusCode.Created);
        var both = (await api.UpsertCustomerAsync("both")).Str("id");
        var one = (await api.UpsertCustomerAsync("one")).Str("id");
        await api.PostAsync("/v1/activities", new { customer = both, type = "purchase", amount = 1500 }, HttpStatusCode.Created);
        await api.PostAsync("/v1/activities", new { customer = one, type = "purchase", amount = 15 }, HttpStatusCode.Created);
        Assert.Equal(["vip_life"], await TagsEventuallyAsync(api, both, ["vip_life"]));
        Assert.Equal(["loyal"], await TagsEventuallyAsync(api, one, ["loyal"]));

        var why = await api.GetAsync($"/v1/customers/{both}/explain?tag=loyal");
        Assert.False(why["holds"]!.GetValue<bool>());
        Assert.True(why["bands"]![0]!["matches"]!.GetValue<bool>());
        Assert.Equal("vip_life", why["decidedBy"]!.Str("key"));
    }

    [Fact]
    public async Task Preview_is_exact_and_changes_nothing_and_the_run_writes_only_the_diff()
    {
        var api = await Factory.CreateTenantAsync();
        await api.CreateTagAsync("shanghai");
        for (var i = 0; i < 30; i++)
        {
            await api.UpsertCustomerAsync($"c{i:00}", new { city = i % 3 == 0 ? "Shanghai" : "Beijing" });
        }

        await api.PostAsync("/v1/rules", new { key = "sh", name = "Shanghai", tag = "shanghai", condition = "city = 'Shanghai'", enabled = false }, HttpStatusCode.Created);
        var preview = await api.PostAsync("/v1/rules/sh/preview", null);
        Assert.Equal((10, 0), (preview["wouldAdd"]!.GetValue<long>(), preview["wouldRemove"]!.GetValue<long>()));
        Assert.Equal(10, preview["sampleAdded"]!.AsArray().Count);
        Assert.Equal(0, (await api.PostAsync("/v1/segments/query", new { query = "tag = 'shanghai'", limit = 1 }))["count"]!.GetValue<long>());

        var run = await api.PostAsync("/v1/rules/sh/run", null);
        Assert.Equal((10, 0), (run["run"]!["added"]!.GetValue<long>(), run["run"]!["removed"]!.GetValue<long>()));
        Assert.Equal(preview["sampleAdded"]!.ToJsonString(), run["sampleAdded"]!.ToJsonString());
        var again = await api.PostAsync("/v1/rules/sh/run", null);
        Assert.Equal((0, 0, 10), (again["run"]!["added"]!.GetValue<long>(), again["run"]!["removed"]!.GetValue<long>(), again["run"]!["matched"]!.GetValue<long>()));

        await api.PatchAsync("/v1/rules/sh", new { condition = "city = 'Shanghai' AND externalId_placeholder_free = 1" }, HttpStatusCode.BadRequest);
        var changed = await api.PatchAsync("/v1/rules/sh", new { condition = "city = 'Beijing'" });
        Assert.Equal(2, changed["version"]!.GetValue<int>());
        var swap = await api.PostAsync("/v1/rules/sh/preview", null);
        Assert.Equal((20, 10), (swap["wouldAdd"]!.GetValue<long>(), swap["wouldRemove"]!.GetValue<long>()));
        await api.PostAsync("/v1/rules/sh/run", null);
        var runs = await api.GetAsync("/v1/rules/sh/runs");
        Assert.Equal(["manual", "manual", "manual"], runs["data"]!.AsArray().Select(r => r!.Str("trigger")));
        Assert.Equal(20, runs["data"]![0]!["added"]!.GetValue<long>());
        var versions = await api.GetAsync("/v1/rules/sh/versions");
        Assert.Equal([2, 1], versions["data"]!.AsArray().Select(v => v!["version"]!.GetValue<int>()));
        var events = await api.GetAsync("/v1/events?type=rule.run.completed");
        Assert.Equal(3, events["data"]!.AsArray().Count);
    }

    [Fact]
    public async Task Rules_that_would_feed_each_other_are_refused()
    {
        var api = await Factory.CreateTenantAsync();
        await api.CreateTagAsync("x");
        await api.CreateTagAsync("y");
        await api.CreateTagAsync("child_of_y", parent: "y");
        var self = await api.PostAsync("/v1/rules", new { key = "self", name = "Self", tag = "x", condition = "NOT tag = 'x'" }, HttpStatusCode.BadRequest);
        Assert.Contains("cycle", self.ToJsonString(), StringComparison.Ordinal);
        await api.PostAsync("/v1/rules", new { key = "a", name = "A", tag = "x", condition = "tag UNDER 'y'" }, HttpStatusCode.Created);
        var back = await api.PostAsync("/v1/rules", new { key = "b", name = "B", tag = "child_of_y", condition = "tag = 'x'" }, HttpStatusCode.BadRequest);
        Assert.Contains("b → a → b", back["errors"]!["condition"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        await api.PostAsync("/v1/segments", new { key = "has_x", name = "Has x", query = "tag = 'x'" }, HttpStatusCode.Created);
        await api.PostAsync("/v1/rules", new { key = "c", name = "C", tag = "y", condition = "segment = 'has_x'" }, HttpStatusCode.BadRequest);

        var taken = await api.PostAsync("/v1/rules", new { key = "d", name = "D", tag = "x", condition = "true" }, HttpStatusCode.Conflict);
        Assert.Equal("tag_owned_by_rule", taken.Str("code"));
        var notExclusive = await api.PostAsync("/v1/rules", new { key = "e", name = "E", bands = new[] { new { tag = "y", when = "true" } } }, HttpStatusCode.BadRequest);
        Assert.Contains("exclusive", notExclusive.ToJsonString(), StringComparison.Ordinal);
        var neither = await api.PostAsync("/v1/rules", new { key = "f", name = "F" }, HttpStatusCode.BadRequest);
        Assert.Equal("validation_failed", neither.Str("code"));
        var typo = await api.PostAsync("/v1/rules", new { key = "g", name = "G", tag = "y", condition = "cty = 'Shanghai'" }, HttpStatusCode.BadRequest);
        Assert.Contains("city", typo.ToJsonString(), StringComparison.Ordinal);

        Assert.True((await api.GetAsync("/v1/tags/x"))["ruleOwned"]!.GetValue<bool>());
        await api.DeleteAsync("/v1/rules/a");
        Assert.False((await api.GetAsync("/v1/tags/x"))["ruleOwned"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Explain_shows_every_leaf_with_the_customers_value()
    {
        var api = await Factory.CreateTenantAsync();
        await api.CreateTagAsync("active_sh", category: "behavior");
        await api.CreateTagAsync("vip");
        await api.PostAsync("/v1/rules", new { key = "active_sh", name = "Active in Shanghai", tag = "active_sh", condition = "count(interaction, 30d) >= 2 AND (city = 'Shanghai' OR tag = 'vip')" }, HttpStatusCode.Created);
        var customer = (await api.UpsertCustomerAsync("ann", new { city = "Beijing" })).Str("id");
        await RecordAsync(api, customer, "interaction", daysAgo: [1, 2, 3]);
        await api.ChangeTagsAsync(customer, add: ["vip"]);
        await TagsEventuallyAsync(api, customer, ["active_sh", "vip"]);

        var why = await api.GetAsync($"/v1/customers/{customer}/explain?tag=active_sh");
        Assert.True(why["holds"]!.GetValue<bool>());
        Assert.True(why["ruleWouldAssign"]!.GetValue<bool>());
        Assert.Equal("rule", why["assignment"]!.Str("source"));
        var root = why["bands"]![0]!["condition"]!;
        Assert.Equal("and", root.Str("kind"));
        var count = root["children"]![0]!;
        Assert.Equal(("count(interaction, 30d) >= 2", true, 3), (count.Str("text"), count["result"]!.GetValue<bool>(), count["actual"]!.GetValue<int>()));
        var or = root["children"]![1]!;
        Assert.Equal(("Beijing", false), (or["children"]![0]!.Str("actual"), or["children"]![0]!["result"]!.GetValue<bool>()));
        Assert.Equal("vip", or["children"]![1]!["actual"]![0]!.GetValue<string>());
        Assert.Contains("matches", why.Str("summary"), StringComparison.Ordinal);

        var manual = await api.GetAsync($"/v1/customers/{customer}/explain?tag=vip");
        Assert.Null(manual["rule"]);
        Assert.Equal("manual", manual["assignment"]!.Str("source"));
        await api.GetAsync($"/v1/customers/{customer}/explain", HttpStatusCode.BadRequest);
        await api.GetAsync($"/v1/customers/{customer}/explain?tag=nope", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Concurrent_runs_of_one_rule_never_overlap()
    {
        var api = await Factory.CreateTenantAsync();
        await api.CreateTagAsync("everyone");
        for (var i = 0; i < 40; i++)
        {
            await api.UpsertCustomerAsync($"p{i}");
        }

        await api.PostAsync("/v1/rules", new { key = "all", name = "All", tag = "everyone", condition = "true", enabled = false }, HttpStatusCode.Created);
        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => api.Http.PostAsync(new Uri("/v1/rules/all/run", UriKind.Relative), null)));
        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, r.StatusCode.ToString()));
        var runs = (await api.GetAsync("/v1/rules/all/runs"))["data"]!.AsArray();
        Assert.Equal(40, runs.Sum(r => r!["added"]!.GetValue<long>()));
        Assert.Equal(40, (await api.PostAsync("/v1/segments/query", new { query = "tag = 'everyone'", limit = 1 }))["count"]!.GetValue<long>());
        var history = await api.GetAsync($"/v1/customers/{(await api.GetAsync("/v1/customers/by-external-id/p0")).Str("id")}/tag-history");
        Assert.Single(history["data"]!.AsArray());
    }

    private async Task RecordAsync(TenantSession api, string customer, string type, int[] daysAgo)
    {
        var activities = daysAgo.Select(d => new { customer, type, channel = "email", occurredAt = Now.AddDays(-d) }).ToArray();
        await api.PostAsync("/v1/activities", new { activities });
    }

    [Fact]
    public async Task Rules_follow_the_tag_hierarchy_at_once_when_a_tag_moves()
    {
        var api = await Factory.CreateTenantAsync();
        await api.CreateTagAsync("electronics");
        await api.CreateTagAsync("phones");
        await api.CreateTagAsync("gadget_fan");
        var buyer = (await api.UpsertCustomerAsync("buyer")).Str("id");
        await api.ChangeTagsAsync(buyer, add: ["phones"]);
        await api.PostAsync("/v1/rules", new { key = "gadget_fan", name = "Gadget fan", tag = "gadget_fan", condition = "tag UNDER 'electronics'" }, HttpStatusCode.Created);
        await Eventually.WaitForAsync(() => api.GetAsync("/v1/rules/gadget_fan"), r => r["lastEvaluatedAt"] is not null);
        Assert.Equal(["phones"], await api.TagKeysOfAsync(buyer));

        // No customer changes, and the rule's next scheduled run is 15 minutes away: the move itself makes it due.
        await api.PatchAsync("/v1/tags/phones", new { parent = "electronics" });
        Assert.Equal(["gadget_fan", "phones"], await TagsEventuallyAsync(api, buyer, ["gadget_fan", "phones"]));
        await api.PatchAsync("/v1/tags/phones", new { parent = (string?)null });
        Assert.Equal(["phones"], await TagsEventuallyAsync(api, buyer, ["phones"]));
    }

    // Rule evaluation runs in the background within moments of a change; wait for it (bounded).
    private static async Task<string[]> TagsEventuallyAsync(TenantSession api, string customer, string[] expected, bool settle = false)
    {
        if (settle)
        {
            // Deliberate: an evaluation that changes nothing leaves no trace to wait for, so when the expected tags are
            // the current ones, time is given for the background evaluation to run first; the check then shows it left
            // them alone.
            await Task.Delay(600);
        }

        return await Eventually.WaitForAsync(async () => (await api.TagKeysOfAsync(customer)).Order(StringComparer.Ordinal).ToArray(), tags => tags.SequenceEqual(expected));
    }
}

public sealed class AutomaticTaggingOnSqlite(SqliteTagApiFactory factory) : AutomaticTaggingTests(factory), IClassFixture<SqliteTagApiFactory>;

public sealed class AutomaticTaggingOnPostgres(PostgresTagApiFactory factory) : AutomaticTaggingTests(factory), IClassFixture<PostgresTagApiFactory>;
