using System.Net;
using TagApi.Api.Tests.Infrastructure;

namespace TagApi.Api.Tests.TagAssignments;

public abstract class BatchAssignmentTests(TagApiFactory factory) : ProviderSuite(factory)
{
    [Fact]
    public async Task A_batch_assigns_by_id_or_external_id_in_one_go()
    {
        var api = await Factory.CreateTenantAsync();
        await api.CreateTagAsync("vip");
        await api.CreateTagAsync("old");
        var a = (await api.UpsertCustomerAsync("a")).Str("id");
        await api.UpsertCustomerAsync("b");
        await api.ChangeTagsAsync(a, add: ["old"]);

        var result = await api.PostAsync("/v1/tag-assignments", new
        {
            add = new object[] { new { customer = a, tag = "vip" }, new { externalId = "b", tag = "vip" }, new { externalId = "b", tag = "vip" } },
            remove = new object[] { new { customer = a, tag = "old" } },
            source = "import",
        });

        Assert.Equal(2, result["added"]!.GetValue<int>());
        Assert.Equal(1, result["removed"]!.GetValue<int>());
        Assert.Equal(1, result["unchanged"]!.GetValue<int>());
        Assert.Equal(["vip"], await api.TagKeysOfAsync(a));
        Assert.Equal("import", (await api.GetAsync($"/v1/customers/{a}/tags"))["data"]![0]!.Str("source"));
    }

    [Fact]
    public async Task One_bad_item_rejects_the_whole_batch_with_every_item_error()
    {
        var api = await Factory.CreateTenantAsync();
        await api.CreateTagAsync("vip");
        var a = (await api.UpsertCustomerAsync("a")).Str("id");

        var problem = await api.PostAsync("/v1/tag-assignments", new
        {
            add = new object[]
            {
                new { customer = a, tag = "vip" },
                new { externalId = "ghost", tag = "vip" },
                new { customer = a, tag = "nope" },
                new { customer = a, externalId = "a", tag = "vip" },
            },
        }, HttpStatusCode.BadRequest);

        Assert.Equal("batch_rejected", problem.Str("code"));
        var items = problem["items"]!.AsArray();
        Assert.Equal([1, 2, 3], items.Select(i => i!["index"]!.GetValue<int>()));
        Assert.Equal(["not_found", "not_found", "validation_failed"], items.Select(i => i!.Str("code")));
        Assert.Empty(await api.TagKeysOfAsync(a));
    }

    [Fact]
    public async Task Two_tags_of_one_exclusive_category_for_one_customer_are_refused()
    {
        var api = await Factory.CreateTenantAsync();
        await api.CreateTagAsync("low", category: "value");
        await api.CreateTagAsync("high", category: "value");
        var a = (await api.UpsertCustomerAsync("a")).Str("id");
        var problem = await api.PostAsync("/v1/tag-assignments", new
        {
            add = new object[] { new { customer = a, tag = "low" }, new { externalId = "a", tag = "high" } },
        }, HttpStatusCode.BadRequest);
        Assert.Equal("exclusive_conflict", problem["items"]![0]!.Str("code"));
        Assert.Equal(1, problem["items"]![0]!["index"]!.GetValue<int>());
    }

    [Fact]
    public async Task Batches_are_limited_to_a_thousand_pairs()
    {
        var api = await Factory.CreateTenantAsync();
        var items = Enumerable.Range(0, 1001).Select(i => new { externalId = $"c{i}", tag = "vip" }).ToArray();
        var problem = await api.PostAsync("/v1/tag-assignments", new { add = items }, HttpStatusCode.BadRequest);
        Assert.Contains("1000", problem["errors"]!["add"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        await api.PostAsync("/v1/tag-assignments", new { }, HttpStatusCode.BadRequest);
        await api.PostAsync("/v1/tag-assignments", new { add = Array.Empty<object>(), source = "rule" }, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_full_batch_of_a_thousand_pairs_applies()
    {
        var api = await Factory.CreateTenantAsync();
        await api.CreateTagAsync("bulk");
        var customers = new List<string>();
        for (var i = 0; i < 100; i++)
        {
            customers.Add((await api.UpsertCustomerAsync($"c{i}")).Str("id"));
        }

        for (var t = 0; t < 9; t++)
        {
            await api.CreateTagAsync($"bulk{t}");
        }

        var pairs = customers.SelectMany(c => Enumerable.Range(0, 10).Select(t => new { customer = c, tag = t == 9 ? "bulk" : $"bulk{t}" })).ToArray();
        var result = await api.PostAsync("/v1/tag-assignments", new { add = pairs });
        Assert.Equal(1000, result["added"]!.GetValue<int>());
        Assert.Equal(100, (await api.GetAsync("/v1/tags/bulk"))["customerCount"]!.GetValue<int>());
    }
}

public sealed class BatchAssignmentOnSqlite(SqliteTagApiFactory factory) : BatchAssignmentTests(factory), IClassFixture<SqliteTagApiFactory>;

public sealed class BatchAssignmentOnPostgres(PostgresTagApiFactory factory) : BatchAssignmentTests(factory), IClassFixture<PostgresTagApiFactory>;
