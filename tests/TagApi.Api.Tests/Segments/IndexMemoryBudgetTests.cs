using System.Net;
using Microsoft.Extensions.DependencyInjection;
using TagApi.Api.Tests.Infrastructure;
using TagApi.Core.Segments.Engine;

namespace TagApi.Api.Tests.Segments;

/// <summary>A node whose index memory budget (1 KiB) is smaller than any tenant's index.</summary>
public sealed class TinyIndexBudgetSqliteFactory : TagApiFactoryOnSqlite
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings => [new("Segments:MemoryBudgetMegabytes", "0.001")];
}

/// <summary>Over budget, the least recently used tenants' indexes make room; queries still answer exactly.</summary>
public sealed class IndexMemoryBudgetTests(TinyIndexBudgetSqliteFactory factory) : IClassFixture<TinyIndexBudgetSqliteFactory>
{
    [Fact]
    public async Task The_least_recently_used_tenant_is_dropped_and_rebuilt_when_queried_again()
    {
        var engine = factory.Services.GetRequiredService<SegmentEngine>();
        var first = await TenantWithVipsAsync(2);
        var second = await TenantWithVipsAsync(3);

        Assert.Equal(2, await CountAsync(first));
        Assert.True(engine.IsLoaded(first.TenantId));
        var evictions = engine.BudgetEvictions;

        Assert.Equal(3, await CountAsync(second));
        Assert.True(engine.IsLoaded(second.TenantId));
        Assert.False(engine.IsLoaded(first.TenantId));
        Assert.True(engine.BudgetEvictions > evictions);

        // Rebuilt from the database, with a change made while it was not loaded.
        var customer = (await first.UpsertCustomerAsync("late"))["id"]!.GetValue<string>();
        await first.ChangeTagsAsync(customer, add: ["vip"]);
        Assert.Equal(3, await CountAsync(first));
        Assert.True(engine.IsLoaded(first.TenantId));
        Assert.False(engine.IsLoaded(second.TenantId));
    }

    private async Task<TenantSession> TenantWithVipsAsync(int vips)
    {
        var api = await factory.CreateTenantAsync();
        await api.CreateTagAsync("vip");
        for (var i = 0; i < vips; i++)
        {
            var id = (await api.UpsertCustomerAsync($"c{i}"))["id"]!.GetValue<string>();
            await api.ChangeTagsAsync(id, add: ["vip"]);
        }

        return api;
    }

    private static async Task<long> CountAsync(TenantSession api) =>
        (await api.PostAsync("/v1/segments/query", new { query = "tag = 'vip'", limit = 0 }, HttpStatusCode.OK))["count"]!.GetValue<long>();
}
