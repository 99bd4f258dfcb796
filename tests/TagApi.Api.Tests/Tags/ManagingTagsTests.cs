using System.Net;
using TagApi.Api.Tests.BulkJobs;
using TagApi.Api.Tests.Infrastructure;

namespace TagApi.Api.Tests.Tags;

public abstract class ManagingTagsTests(TagApiFactory factory) : ProviderSuite(factory)
{
    [Fact]
    public async Task A_tag_is_created_with_a_unicode_name_and_found_by_id_and_key()
    {
        var api = await Factory.CreateTenantAsync();
        var created = await api.PostAsync("/v1/tags", new { key = "high_value", name = "高价值客户", color = "#12ab34", category = "value", description = "Spends a lot" }, HttpStatusCode.Created);

        Assert.StartsWith("tag_", created.Str("id"));
        Assert.Equal("高价值客户", created.Str("name"));
        Assert.Equal("#12AB34", created.Str("color"));
        Assert.Equal("value", created["category"]!.Str("key"));
        Assert.True(created["category"]!["exclusive"]!.GetValue<bool>());
        Assert.Equal(0, created["customerCount"]!.GetValue<int>());
        Assert.Equal(created.Str("id"), (await api.GetAsync($"/v1/tags/{created.Str("id")}")).Str("id"));
        Assert.Equal(created.Str("id"), (await api.GetAsync("/v1/tags/high_value")).Str("id"));
    }

    [Fact]
    public async Task Without_a_category_a_tag_goes_to_custom()
    {
        var api = await Factory.CreateTenantAsync();
        var created = await api.CreateTagAsync("plain");
        Assert.Equal("custom", created["category"]!.Str("key"));
    }

    [Theory]
    [InlineData("{\"key\":\"Bad Key\",\"name\":\"x\"}", "key")]
    [InlineData("{\"key\":\"ok\",\"name\":\"\"}", "name")]
    [InlineData("{\"key\":\"ok\",\"name\":\"x\",\"color\":\"red\"}", "color")]
    [InlineData("{\"key\":\"ok\",\"name\":\"x\",\"category\":\"nope\"}", "category")]
    [InlineData("{\"key\":\"ok\",\"name\":\"x\",\"ruleOwned\":true}", "ruleOwned")]
    [InlineData("{\"key\":\"ok\"}", "$")]
    [InlineData("{\"key\":5,\"name\":\"x\"}", "key")]
    public async Task Bad_tag_input_is_a_validation_problem_naming_the_field(string body, string field)
    {
        var api = await Factory.CreateTenantAsync();
        var problem = await api.PostAsync("/v1/tags", body, HttpStatusCode.BadRequest);
        Assert.Equal("validation_failed", problem.Str("code"));
        Assert.True(problem["errors"]![field] is not null, problem.ToJsonString());
        Assert.DoesNotContain("TagApi.", problem.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_duplicate_key_is_a_conflict()
    {
        var api = await Factory.CreateTenantAsync();
        await api.CreateTagAsync("dup");
        var problem = await api.PostAsync("/v1/tags", new { key = "dup", name = "again" }, HttpStatusCode.Conflict);
        Assert.Equal("conflict", problem.Str("code"));
    }

    [Fact]
    public async Task Hierarchies_stop_at_five_levels()
    {
        var api = await Factory.CreateTenantAsync();
        string? parent = null;
        for (var level = 1; level <= 5; level++)
        {
            parent = (await api.CreateTagAsync($"level{level}", parent: parent)).Str("key");
        }

        var problem = await api.PostAsync("/v1/tags", new { key = "level6", name = "too deep", parent }, HttpStatusCode.BadRequest);
        Assert.Contains("5 levels", problem["errors"]!["parent"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tag_cannot_move_under_its_own_descendant()
    {
        var api = await Factory.CreateTenantAsync();
        await api.CreateTagAsync("electronics");
        await api.CreateTagAsync("phones", parent: "electronics");
        await api.CreateTagAsync("android", parent: "phones");

        var problem = await api.PatchAsync("/v1/tags/electronics", new { parent = "android" }, HttpStatusCode.BadRequest);
        Assert.Equal("validation_failed", problem.Str("code"));
        await api.PatchAsync("/v1/tags/electronics", new { parent = "electronics" }, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Moving_a_subtree_keeps_the_depth_limit()
    {
        var api = await Factory.CreateTenantAsync();
        await api.CreateTagAsync("a1");
        await api.CreateTagAsync("a2", parent: "a1");
        await api.CreateTagAsync("a3", parent: "a2");
        await api.CreateTagAsync("b1");
        await api.CreateTagAsync("b2", parent: "b1");
        await api.CreateTagAsync("b3", parent: "b2");

        await api.PatchAsync("/v1/tags/b1", new { parent = "a3" }, HttpStatusCode.BadRequest);
        await api.PatchAsync("/v1/tags/b2", new { parent = "a2" });
        Assert.Equal((await api.GetAsync("/v1/tags/a2")).Str("id"), (await api.GetAsync("/v1/tags/b2")).Str("parentId"));
    }

    [Fact]
    public async Task Lists_filter_by_category_parent_text_and_archive_state()
    {
        var api = await Factory.CreateTenantAsync();
        await api.CreateTagAsync("electronics", category: "behavior", name: "Electronics");
        await api.CreateTagAsync("phones", category: "behavior", parent: "electronics", name: "Phones");
        await api.CreateTagAsync("vip", category: "value", name: "VIP");
        await api.CreateTagAsync("old", name: "Old");
        await api.PatchAsync("/v1/tags/old", new { archived = true });

        Assert.Equal(["electronics", "phones"], (await api.GetAsync("/v1/tags?category=behavior")).Keys());
        Assert.Equal(["phones"], (await api.GetAsync("/v1/tags?parent=electronics")).Keys());
        Assert.Equal(["phones"], (await api.GetAsync("/v1/tags?q=PHO")).Keys());
        Assert.DoesNotContain("old", (await api.GetAsync("/v1/tags")).Keys());
        Assert.Contains("old", (await api.GetAsync("/v1/tags?includeArchived=true")).Keys());
    }

    [Fact]
    public async Task Customer_counts_follow_assignments()
    {
        var api = await Factory.CreateTenantAsync();
        await api.CreateTagAsync("counted");
        foreach (var id in new[] { "c1", "c2", "c3" })
        {
            var customer = await api.UpsertCustomerAsync(id);
            await api.ChangeTagsAsync(customer.Str("id"), add: ["counted"]);
        }

        Assert.Equal(3, (await api.GetAsync("/v1/tags/counted"))["customerCount"]!.GetValue<int>());
        Assert.Equal(3, (await api.GetAsync("/v1/tags"))["data"]![0]!["customerCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task An_archived_tag_cannot_be_assigned_but_can_be_removed()
    {
        var api = await Factory.CreateTenantAsync();
        await api.CreateTagAsync("retired");
        var customer = await api.UpsertCustomerAsync("c1");
        await api.ChangeTagsAsync(customer.Str("id"), add: ["retired"]);
        await api.PatchAsync("/v1/tags/retired", new { archived = true });

        var other = await api.UpsertCustomerAsync("c2");
        var problem = await api.ChangeTagsAsync(other.Str("id"), add: ["retired"], expected: HttpStatusCode.Conflict);
        Assert.Equal("tag_archived", problem.Str("code"));
        await api.ChangeTagsAsync(customer.Str("id"), remove: ["retired"]);
        Assert.Empty(await api.TagKeysOfAsync(customer.Str("id")));
    }

    [Fact]
    public async Task Deleting_a_tag_removes_it_from_holders_with_history_and_refuses_parents()
    {
        var api = await Factory.CreateTenantAsync();
        await api.CreateTagAsync("parent");
        await api.CreateTagAsync("child", parent: "parent");
        var customer = await api.UpsertCustomerAsync("c1");
        await api.ChangeTagsAsync(customer.Str("id"), add: ["child"]);

        Assert.Equal("tag_has_children", (await api.DeleteAsync("/v1/tags/parent", HttpStatusCode.Conflict)).Str("code"));
        await api.DeleteAsync("/v1/tags/child");
        await api.GetAsync("/v1/tags/child", HttpStatusCode.NotFound);
        Assert.Empty(await api.TagKeysOfAsync(customer.Str("id")));
        var history = await api.GetAsync($"/v1/customers/{customer.Str("id")}/tag-history");
        Assert.Equal("removed", history["data"]![0]!.Str("action"));
        Assert.Contains("deleted", history["data"]![0]!.Str("reason"), StringComparison.Ordinal);
    }

    // More holders than one set-based write takes, so deleting and merging go through several.
    private const int ManyHolders = 1200;

    private static async Task<(string First, string Last)> ManyHoldersAsync(TenantSession api, string tag, string alsoEveryOther)
    {
        await api.RunAsync("customers.import", string.Join('\n', Enumerable.Range(0, ManyHolders).Select(i => $$"""{"externalId":"h{{i}}"}""")) + "\n");
        var lines = Enumerable.Range(0, ManyHolders).SelectMany(i => i % 2 == 0
            ? new[] { $$"""{"externalId":"h{{i}}","tag":"{{tag}}"}""", $$"""{"externalId":"h{{i}}","tag":"{{alsoEveryOther}}"}""" }
            : [$$"""{"externalId":"h{{i}}","tag":"{{tag}}"}"""]);
        await api.RunAsync("tag-assignments.import", string.Join('\n', lines) + "\n");
        return ((await api.GetAsync("/v1/customers/by-external-id/h0")).Str("id"), (await api.GetAsync($"/v1/customers/by-external-id/h{ManyHolders - 1}")).Str("id"));
    }


    [Fact]
    public async Task Deleting_a_tag_held_by_many_takes_it_from_every_holder_with_history()
    {
        var api = await Factory.CreateTenantAsync();
        await api.CreateTagAsync("doomed");
        await api.CreateTagAsync("kept");
        var (first, last) = await ManyHoldersAsync(api, "doomed", "kept");

        await api.DeleteAsync("/v1/tags/doomed");

        await api.GetAsync("/v1/tags/doomed", HttpStatusCode.NotFound);
        Assert.Equal(ManyHolders / 2, await api.CountAsync("tag = 'kept'"));
        Assert.Equal(ManyHolders / 2, await api.CountAsync("NOT tag = 'kept'"));
        Assert.Equal(["kept"], await api.TagKeysOfAsync(first));
        Assert.Empty(await api.TagKeysOfAsync(last));
        foreach (var holder in new[] { first, last })
        {
            var line = (await api.GetAsync($"/v1/customers/{holder}/tag-history"))["data"]![0]!;
            Assert.Equal(("doomed", "removed"), (line.Str("tagKey"), line.Str("action")));
            Assert.Contains("deleted", line.Str("reason"), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Merging_a_tag_held_by_many_moves_every_holder()
    {
        var api = await Factory.CreateTenantAsync();
        await api.CreateTagAsync("old");
        await api.CreateTagAsync("new");
        var (first, last) = await ManyHoldersAsync(api, "old", "new");

        var merged = await api.PostAsync("/v1/tags/old/merge", new { into = "new" });

        Assert.Equal(ManyHolders, merged["customerCount"]!.GetValue<int>());
        Assert.Equal(ManyHolders, await api.CountAsync("tag = 'new'"));
        Assert.Equal(["new"], await api.TagKeysOfAsync(first));
        Assert.Equal(["new"], await api.TagKeysOfAsync(last));
        var lines = (await api.GetAsync($"/v1/customers/{last}/tag-history"))["data"]!.AsArray();
        Assert.Contains(lines, h => h!.Str("tagKey") == "new" && h!.Str("action") == "added" && h!.Str("reason").Contains("merged", StringComparison.Ordinal));
        Assert.Contains(lines, h => h!.Str("tagKey") == "old" && h!.Str("action") == "removed");
    }

    [Fact]
    public async Task Merging_moves_holders_and_keeps_the_old_key_as_an_alias()
    {
        var api = await Factory.CreateTenantAsync();
        await api.CreateTagAsync("vip_old");
        await api.CreateTagAsync("vip");
        await api.CreateTagAsync("vip_child", parent: "vip_old");
        var onlyOld = await api.UpsertCustomerAsync("c1");
        var both = await api.UpsertCustomerAsync("c2");
        await api.ChangeTagsAsync(onlyOld.Str("id"), add: ["vip_old"]);
        await api.ChangeTagsAsync(both.Str("id"), add: ["vip_old", "vip"]);

        var merged = await api.PostAsync("/v1/tags/vip_old/merge", new { into = "vip" });

        Assert.Equal("vip", merged.Str("key"));
        Assert.Equal(2, merged["customerCount"]!.GetValue<int>());
        Assert.Equal(["vip"], await api.TagKeysOfAsync(onlyOld.Str("id")));
        Assert.Equal(["vip"], await api.TagKeysOfAsync(both.Str("id")));
        Assert.Equal(merged.Str("id"), (await api.GetAsync("/v1/tags/vip_old")).Str("id"));
        Assert.Equal(merged.Str("id"), (await api.GetAsync("/v1/tags/vip_child")).Str("parentId"));
        Assert.Equal("conflict", (await api.PostAsync("/v1/tags", new { key = "vip_old", name = "again" }, HttpStatusCode.Conflict)).Str("code"));
        var history = await api.GetAsync($"/v1/customers/{onlyOld.Str("id")}/tag-history");
        Assert.Contains(history["data"]!.AsArray(), h => h!.Str("tagKey") == "vip" && h!.Str("action") == "added" && h!.Str("reason").Contains("merged", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_tag_cannot_merge_into_itself_or_its_descendant()
    {
        var api = await Factory.CreateTenantAsync();
        await api.CreateTagAsync("top");
        await api.CreateTagAsync("below", parent: "top");
        await api.PostAsync("/v1/tags/top/merge", new { into = "top" }, HttpStatusCode.BadRequest);
        await api.PostAsync("/v1/tags/top/merge", new { into = "below" }, HttpStatusCode.BadRequest);
        await api.PostAsync("/v1/tags/top/merge", new { into = "missing" }, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Members_of_a_tag_can_include_descendants()
    {
        var api = await Factory.CreateTenantAsync();
        await api.CreateTagAsync("electronics");
        await api.CreateTagAsync("phones", parent: "electronics");
        var direct = await api.UpsertCustomerAsync("direct");
        var viaChild = await api.UpsertCustomerAsync("child");
        await api.ChangeTagsAsync(direct.Str("id"), add: ["electronics"]);
        await api.ChangeTagsAsync(viaChild.Str("id"), add: ["phones"]);

        Assert.Equal(["direct"], (await api.GetAsync("/v1/tags/electronics/customers")).Keys("externalId"));
        Assert.Equal(["direct", "child"], (await api.GetAsync("/v1/tags/electronics/customers?includeDescendants=true")).Keys("externalId"));
    }
}

public sealed class ManagingTagsOnSqlite(SqliteTagApiFactory factory) : ManagingTagsTests(factory), IClassFixture<SqliteTagApiFactory>;

public sealed class ManagingTagsOnPostgres(PostgresTagApiFactory factory) : ManagingTagsTests(factory), IClassFixture<PostgresTagApiFactory>;
