using System.Net;
using TagApi.Api.Tests.Infrastructure;
using TagApi.Core.Tenancy;

namespace TagApi.Api.Tests.Customers;

public abstract class SyncingCustomersTests(TagApiFactory factory) : ProviderSuite(factory)
{
    private static readonly object FullCustomer = new
    {
        type = "company", name = "王小明", email = "ming@example.com", phone = "+86 138 0000 0000", gender = "male",
        birthDate = "1990-01-31", country = "CN", region = "Shanghai", city = "Shanghai", industry = "Retail",
        source = "online", sourceDetail = "wechat", locale = "zh-CN", attributes = new { vipLevel = 3, interests = new[] { "tea" } },
    };

    [Fact]
    public async Task Upsert_creates_then_replaces_and_a_replay_changes_nothing()
    {
        var api = await Factory.CreateTenantAsync();
        var created = await api.UpsertCustomerAsync("shop-42", FullCustomer);
        Assert.StartsWith("cus_", created.Str("id"));
        Assert.Equal("王小明", created.Str("name"));
        Assert.Equal(3, created["attributes"]!["vipLevel"]!.GetValue<int>());

        var replay = await api.UpsertCustomerAsync("shop-42", FullCustomer, HttpStatusCode.OK);
        Assert.Equal(created.Str("id"), replay.Str("id"));
        Assert.Equal(created["version"]!.GetValue<long>(), replay["version"]!.GetValue<long>());
        Assert.Equal(created.Str("updatedAt"), replay.Str("updatedAt"));

        var replaced = await api.UpsertCustomerAsync("shop-42", new { city = "Beijing" }, HttpStatusCode.OK);
        Assert.Equal("Beijing", replaced.Str("city"));
        Assert.Null(replaced["email"]);
        Assert.Empty(replaced["attributes"]!.AsObject());
        Assert.True(replaced["version"]!.GetValue<long>() > created["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task Patch_changes_only_given_fields_and_merges_attributes()
    {
        var api = await Factory.CreateTenantAsync();
        var created = await api.UpsertCustomerAsync("c1", FullCustomer);
        var patched = await api.PatchAsync($"/v1/customers/{created.Str("id")}", new { city = "Hangzhou", attributes = new { vipLevel = 4, interests = (object?)null, newField = "x" } });

        Assert.Equal("Hangzhou", patched.Str("city"));
        Assert.Equal("ming@example.com", patched.Str("email"));
        Assert.Equal(4, patched["attributes"]!["vipLevel"]!.GetValue<int>());
        Assert.Null(patched["attributes"]!["interests"]);
        Assert.Equal("x", patched["attributes"]!.Str("newField"));

        var cleared = await api.PatchAsync($"/v1/customers/{created.Str("id")}", "{\"email\":null}");
        Assert.Null(cleared["email"]);
        Assert.Equal("Hangzhou", cleared.Str("city"));
    }

    [Fact]
    public async Task A_customer_is_read_by_id_and_by_external_id_and_deleted()
    {
        var api = await Factory.CreateTenantAsync();
        var created = await api.PostAsync("/v1/customers", new { externalId = "ext/1 ä", name = "A" }, HttpStatusCode.Created);
        Assert.Equal(created.Str("id"), (await api.GetAsync($"/v1/customers/{created.Str("id")}")).Str("id"));
        Assert.Equal(created.Str("id"), (await api.GetAsync($"/v1/customers/by-external-id/{Uri.EscapeDataString("ext/1 ä")}")).Str("id"));
        await api.PostAsync("/v1/customers", new { externalId = "ext/1 ä" }, HttpStatusCode.Conflict);

        await api.DeleteAsync($"/v1/customers/{created.Str("id")}");
        await api.GetAsync($"/v1/customers/{created.Str("id")}", HttpStatusCode.NotFound);
        await api.GetAsync("/v1/customers/not-an-id", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Pii_is_null_without_the_pii_scope_and_search_skips_it()
    {
        var api = await Factory.CreateTenantAsync();
        var created = await api.UpsertCustomerAsync("c1", FullCustomer);
        var reader = await api.WithClientAsync(Scopes.CustomersRead);

        var seen = await reader.GetAsync($"/v1/customers/{created.Str("id")}");
        Assert.Null(seen["name"]);
        Assert.Null(seen["email"]);
        Assert.Null(seen["phone"]);
        Assert.Null(seen["birthDate"]);
        Assert.Equal("Shanghai", seen.Str("city"));
        Assert.Empty((await reader.GetAsync("/v1/customers?q=ming")).Keys("externalId"));
        Assert.Equal(["c1"], (await api.GetAsync("/v1/customers?q=MING")).Keys("externalId"));
        Assert.Equal(["c1"], (await reader.GetAsync("/v1/customers?q=c1")).Keys("externalId"));
    }

    [Theory]
    [InlineData("{\"email\":\"not-an-email\"}", "email")]
    [InlineData("{\"birthDate\":\"2999-01-01\"}", "birthDate")]
    [InlineData("{\"birthDate\":\"31/01/1990\"}", "birthDate")]
    [InlineData("{\"type\":\"robot\"}", "type")]
    [InlineData("{\"attributes\":{\"bad name\":1}}", "attributes.bad name")]
    [InlineData("{\"attributes\":[1,2]}", "attributes")]
    [InlineData("{\"id\":\"cus_0000000000001\"}", "id")]
    [InlineData("{\"createdAt\":\"2020-01-01T00:00:00Z\"}", "createdAt")]
    public async Task Bad_customer_input_names_the_field_and_saves_nothing(string body, string field)
    {
        var api = await Factory.CreateTenantAsync();
        var problem = await api.PutAsync("/v1/customers/by-external-id/c1", body, HttpStatusCode.BadRequest);
        Assert.Equal("validation_failed", problem.Str("code"));
        Assert.True(problem["errors"]![field] is not null, problem.ToJsonString());
        await api.GetAsync("/v1/customers/by-external-id/c1", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_over_long_value_is_refused()
    {
        var api = await Factory.CreateTenantAsync();
        var problem = await api.UpsertCustomerAsync("c1", new { city = new string('x', 201) }, HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]!["city"]);
        await api.UpsertCustomerAsync(new string('x', 201), null, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_list_filters_by_tag()
    {
        var api = await Factory.CreateTenantAsync();
        await api.CreateTagAsync("vip");
        var a = await api.UpsertCustomerAsync("a");
        await api.UpsertCustomerAsync("b");
        await api.ChangeTagsAsync(a.Str("id"), add: ["vip"]);

        Assert.Equal(["a"], (await api.GetAsync("/v1/customers?tag=vip")).Keys("externalId"));
        Assert.Equal(["a", "b"], (await api.GetAsync("/v1/customers")).Keys("externalId"));
        Assert.Equal(["vip"], (await api.GetAsync($"/v1/customers/{a.Str("id")}"))["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
    }
}

public sealed class SyncingCustomersOnSqlite(SqliteTagApiFactory factory) : SyncingCustomersTests(factory), IClassFixture<SqliteTagApiFactory>;

public sealed class SyncingCustomersOnPostgres(PostgresTagApiFactory factory) : SyncingCustomersTests(factory), IClassFixture<PostgresTagApiFactory>;
