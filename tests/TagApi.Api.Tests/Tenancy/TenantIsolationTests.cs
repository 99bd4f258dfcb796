using System.Net;
using TagApi.Api.Tests.Infrastructure;

namespace TagApi.Api.Tests.Tenancy;

public abstract class TenantIsolationTests(TagApiFactory factory) : ProviderSuite(factory)
{
    [Fact]
    public async Task Another_tenants_rules_and_customers_are_not_found_for_rules_and_activities()
    {
        var owner = await Factory.CreateTenantAsync();
        await owner.CreateTagAsync("secret");
        var customer = (await owner.UpsertCustomerAsync("owner-customer")).Str("id");
        var rule = (await owner.PostAsync("/v1/rules", new { key = "secret_rule", name = "Secret", tag = "secret", condition = "true", enabled = false }, HttpStatusCode.Created)).Str("id");
        var stranger = await Factory.CreateTenantAsync();
        await stranger.CreateTagAsync("mine");
        var mine = (await stranger.UpsertCustomerAsync("mine")).Str("id");

        foreach (var url in new[] { $"/v1/rules/{rule}", $"/v1/rules/{rule}/runs", $"/v1/rules/{rule}/versions", "/v1/rules/secret_rule", $"/v1/customers/{customer}/explain?tag=mine" })
        {
            Assert.Equal("not_found", (await stranger.GetAsync(url, HttpStatusCode.NotFound)).Str("code"));
        }

        await stranger.GetAsync($"/v1/customers/{mine}/explain?tag=secret", HttpStatusCode.NotFound);
        await stranger.PatchAsync($"/v1/rules/{rule}", new { name = "x" }, HttpStatusCode.NotFound);
        await stranger.PostAsync($"/v1/rules/{rule}/run", null, HttpStatusCode.NotFound);
        await stranger.PostAsync($"/v1/rules/{rule}/preview", null, HttpStatusCode.NotFound);
        await stranger.DeleteAsync($"/v1/rules/{rule}", HttpStatusCode.NotFound);
        await stranger.PostAsync("/v1/rules", new { key = "steal", name = "Steal", tag = "secret", condition = "true" }, HttpStatusCode.NotFound);
        var activity = await stranger.PostAsync("/v1/activities", new { customer, type = "visit" }, HttpStatusCode.BadRequest);
        Assert.Equal("not_found", activity["items"]![0]!.Str("code"));
        await stranger.PostAsync("/v1/activities", new { customerExternalId = "owner-customer", type = "visit" }, HttpStatusCode.BadRequest);
        Assert.Empty((await stranger.GetAsync("/v1/rules"))["data"]!.AsArray());
        Assert.Equal("secret_rule", (await owner.GetAsync($"/v1/rules/{rule}")).Str("key"));
    }

    [Fact]
    public async Task Another_tenants_ids_are_not_found_for_every_resource_kind()
    {
        var owner = await Factory.CreateTenantAsync();
        var category = await owner.PostAsync("/v1/tag-categories", new { key = "mine", name = "Mine" }, HttpStatusCode.Created);
        var tag = await owner.CreateTagAsync("secret");
        var customer = await owner.UpsertCustomerAsync("owner-customer");
        await owner.ChangeTagsAsync(customer.Str("id"), add: ["secret"]);
        var stranger = await Factory.CreateTenantAsync();
        await stranger.CreateTagAsync("mine_too");
        var strangerCustomer = await stranger.UpsertCustomerAsync("stranger-customer");

        var reads = new[]
        {
            $"/v1/tag-categories/{category.Str("id")}", $"/v1/tags/{tag.Str("id")}", $"/v1/tags/{tag.Str("id")}/customers",
            $"/v1/customers/{customer.Str("id")}", $"/v1/customers/{customer.Str("id")}/tags", $"/v1/customers/{customer.Str("id")}/tag-history",
            "/v1/customers/by-external-id/owner-customer",
        };
        foreach (var url in reads)
        {
            Assert.Equal("not_found", (await stranger.GetAsync(url, HttpStatusCode.NotFound)).Str("code"));
        }

        await stranger.PatchAsync($"/v1/tag-categories/{category.Str("id")}", new { name = "x" }, HttpStatusCode.NotFound);
        await stranger.DeleteAsync($"/v1/tag-categories/{category.Str("id")}", HttpStatusCode.NotFound);
        await stranger.PatchAsync($"/v1/tags/{tag.Str("id")}", new { name = "x" }, HttpStatusCode.NotFound);
        await stranger.PostAsync($"/v1/tags/{tag.Str("id")}/merge", new { into = "mine_too" }, HttpStatusCode.NotFound);
        await stranger.PostAsync("/v1/tags/mine_too/merge", new { into = tag.Str("id") }, HttpStatusCode.BadRequest);
        await stranger.DeleteAsync($"/v1/tags/{tag.Str("id")}", HttpStatusCode.NotFound);
        await stranger.PatchAsync($"/v1/customers/{customer.Str("id")}", new { city = "x" }, HttpStatusCode.NotFound);
        await stranger.ChangeTagsAsync(customer.Str("id"), add: ["mine_too"], expected: HttpStatusCode.NotFound);
        await stranger.ChangeTagsAsync(strangerCustomer.Str("id"), add: [tag.Str("id")], expected: HttpStatusCode.BadRequest);
        await stranger.DeleteAsync($"/v1/customers/{customer.Str("id")}", HttpStatusCode.NotFound);
        await stranger.DeleteAsync($"/v1/api-clients/{owner.ClientId}", HttpStatusCode.NotFound);
        var batch = await stranger.PostAsync("/v1/tag-assignments", new { add = new[] { new { customer = customer.Str("id"), tag = "mine_too" } } }, HttpStatusCode.BadRequest);
        Assert.Equal("not_found", batch["items"]![0]!.Str("code"));

        Assert.Equal(["secret"], await owner.TagKeysOfAsync(customer.Str("id")));
        Assert.DoesNotContain("secret", (await stranger.GetAsync("/v1/tags")).Keys());
        Assert.DoesNotContain("owner-customer", (await stranger.GetAsync("/v1/customers")).Keys("externalId"));
        Assert.DoesNotContain(owner.ClientId, (await stranger.GetAsync("/v1/api-clients")).Keys("clientId"));
    }

    [Fact]
    public async Task Keys_are_per_tenant()
    {
        var first = await Factory.CreateTenantAsync();
        var second = await Factory.CreateTenantAsync();
        var a = await first.CreateTagAsync("same_key");
        var b = await second.CreateTagAsync("same_key");
        Assert.NotEqual(a.Str("id"), b.Str("id"));
        await first.UpsertCustomerAsync("same-external-id");
        await second.UpsertCustomerAsync("same-external-id");
    }

    [Fact]
    public async Task A_cursor_from_another_tenant_or_list_is_refused()
    {
        var first = await Factory.CreateTenantAsync();
        var second = await Factory.CreateTenantAsync();
        for (var i = 0; i < 3; i++)
        {
            await first.UpsertCustomerAsync($"c{i}");
        }

        var page = await first.GetAsync("/v1/customers?limit=1");
        var cursor = page.Str("nextCursor");
        Assert.Equal("invalid_cursor", (await second.GetAsync($"/v1/customers?cursor={cursor}", HttpStatusCode.BadRequest)).Str("code"));
        await first.GetAsync($"/v1/tags?cursor={cursor}", HttpStatusCode.BadRequest);
        var tampered = (cursor[0] == 'A' ? "B" : "A") + cursor[1..];
        await first.GetAsync($"/v1/customers?cursor={tampered}", HttpStatusCode.BadRequest);
        await first.GetAsync("/v1/customers?cursor=!!notbase64", HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Paging_walks_every_item_once_within_the_limits()
    {
        var api = await Factory.CreateTenantAsync();
        for (var i = 0; i < 7; i++)
        {
            await api.UpsertCustomerAsync($"c{i}");
        }

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await api.GetAsync("/v1/customers?limit=3" + (cursor is null ? "" : $"&cursor={cursor}"));
            seen.AddRange(page.Keys("externalId"));
            cursor = page["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null);

        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"c{i}"), seen);
        Assert.NotNull((await api.GetAsync("/v1/customers?limit=0", HttpStatusCode.BadRequest))["errors"]!["limit"]);
        await api.GetAsync("/v1/customers?limit=201", HttpStatusCode.BadRequest);
        await api.GetAsync("/v1/customers?limit=200");
        await api.GetAsync("/v1/customers?limit=abc", HttpStatusCode.BadRequest);
    }
}

public sealed class TenantIsolationOnSqlite(SqliteTagApiFactory factory) : TenantIsolationTests(factory), IClassFixture<SqliteTagApiFactory>;

public sealed class TenantIsolationOnPostgres(PostgresTagApiFactory factory) : TenantIsolationTests(factory), IClassFixture<PostgresTagApiFactory>;
