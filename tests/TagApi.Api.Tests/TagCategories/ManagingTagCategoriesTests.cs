using System.Net;
using TagApi.Api.Tests.Infrastructure;

namespace TagApi.Api.Tests.TagCategories;

public abstract class ManagingTagCategoriesTests(TagApiFactory factory) : ProviderSuite(factory)
{
    [Fact]
    public async Task A_new_tenant_has_the_default_categories()
    {
        var api = await Factory.CreateTenantAsync();
        var list = await api.GetAsync("/v1/tag-categories");
        Assert.Equal(["basic", "behavior", "lifecycle", "value", "source", "custom"], list.Keys());
        Assert.True((await api.GetAsync("/v1/tag-categories/lifecycle"))["exclusive"]!.GetValue<bool>());
        Assert.False((await api.GetAsync("/v1/tag-categories/basic"))["exclusive"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_category_is_created_changed_and_deleted()
    {
        var api = await Factory.CreateTenantAsync();
        var created = await api.PostAsync("/v1/tag-categories", new { key = "interest", name = "兴趣", color = "#abcdef" }, HttpStatusCode.Created);
        Assert.StartsWith("cat_", created.Str("id"));

        var changed = await api.PatchAsync($"/v1/tag-categories/{created.Str("id")}", new { name = "Interests", exclusive = true, sortOrder = 5 });
        Assert.Equal("Interests", changed.Str("name"));
        Assert.True(changed["exclusive"]!.GetValue<bool>());
        Assert.Equal("#ABCDEF", changed.Str("color"));

        await api.DeleteAsync("/v1/tag-categories/interest");
        await api.GetAsync("/v1/tag-categories/interest", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_category_in_use_cannot_be_deleted()
    {
        var api = await Factory.CreateTenantAsync();
        await api.CreateTagAsync("loyal", category: "lifecycle");
        var problem = await api.DeleteAsync("/v1/tag-categories/lifecycle", HttpStatusCode.Conflict);
        Assert.Equal("category_in_use", problem.Str("code"));
    }

    [Fact]
    public async Task Bad_category_input_is_refused()
    {
        var api = await Factory.CreateTenantAsync();
        await api.PostAsync("/v1/tag-categories", new { key = "basic", name = "dup" }, HttpStatusCode.Conflict);
        var problem = await api.PostAsync("/v1/tag-categories", new { key = "x y", name = "", color = "blue" }, HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]!["key"]);
        Assert.NotNull(problem["errors"]!["name"]);
        Assert.NotNull(problem["errors"]!["color"]);
        await api.PatchAsync("/v1/tag-categories/basic", "{\"exclusive\":\"yes\"}", HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_category_cannot_become_exclusive_while_a_customer_holds_two_of_its_tags()
    {
        var api = await Factory.CreateTenantAsync();
        await api.CreateTagAsync("red", category: "basic");
        await api.CreateTagAsync("blue", category: "basic");
        var customer = await api.UpsertCustomerAsync("c1");
        await api.ChangeTagsAsync(customer.Str("id"), add: ["red", "blue"]);
        await api.PatchAsync("/v1/tag-categories/basic", new { exclusive = true }, HttpStatusCode.Conflict);
    }
}

public sealed class ManagingTagCategoriesOnSqlite(SqliteTagApiFactory factory) : ManagingTagCategoriesTests(factory), IClassFixture<SqliteTagApiFactory>;

public sealed class ManagingTagCategoriesOnPostgres(PostgresTagApiFactory factory) : ManagingTagCategoriesTests(factory), IClassFixture<PostgresTagApiFactory>;
