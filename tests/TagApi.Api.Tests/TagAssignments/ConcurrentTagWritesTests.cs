using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TagApi.Api.Tests.Infrastructure;
using TagApi.Core.Data;
using TagApi.Core.TagAssignments;

namespace TagApi.Api.Tests.TagAssignments;

/// <summary>
/// Many writers at once: the same tag added to one customer by all of them (they race on the customer's version and
/// the assignment's key), and one tag added to many customers (they share the tag's count rows and, after their
/// commits, the tenant's index). The ledger, its counts, the events and the index must come out exact.
/// </summary>
public abstract class ConcurrentTagWritesTests(TagApiFactory factory) : ProviderSuite(factory)
{
    private const int Writers = 12;

    [Fact]
    public async Task Concurrent_adds_of_one_tag_to_one_customer_leave_one_assignment_one_history_line_and_exact_counts()
    {
        var api = await Factory.CreateTenantAsync();
        await api.CreateTagAsync("vip");
        var id = (await api.UpsertCustomerAsync("c1")).Str("id");

        var answers = await Task.WhenAll(Enumerable.Range(0, Writers).Select(_ => api.ChangeTagsAsync(id, add: ["vip"])));

        Assert.Equal(1, answers.Count(a => a["added"]!.AsArray().Count == 1));
        Assert.All(answers, a => Assert.Equal("vip", a["data"]!.AsArray().Single()!["tag"]!.Str("key")));
        var (assignments, ledger, added, events) = await ReadAsync(api.TenantId);
        Assert.Equal(1, assignments);
        Assert.Equal(TagHistoryAction.Added, Assert.Single(ledger).Action);
        Assert.Equal(1, added);
        Assert.Single(events);
    }

    [Fact]
    public async Task Concurrent_adds_of_one_tag_to_many_customers_are_all_counted_logged_and_seen_by_the_next_query()
    {
        var api = await Factory.CreateTenantAsync();
        await api.CreateTagAsync("campaign");
        var ids = new List<string>();
        for (var i = 0; i < Writers; i++)
        {
            ids.Add((await api.UpsertCustomerAsync($"c{i}")).Str("id"));
        }

        // Load the index first, so every commit below is applied to it.
        Assert.Equal(0, (await api.PostAsync("/v1/segments/query", new { query = "tag = 'campaign'", limit = 1 }))["count"]!.GetValue<long>());

        await Task.WhenAll(ids.Select(id => api.ChangeTagsAsync(id, add: ["campaign"])));

        Assert.Equal(Writers, (await api.PostAsync("/v1/segments/query", new { query = "tag = 'campaign'", limit = 1 }))["count"]!.GetValue<long>());
        var (assignments, ledger, added, events) = await ReadAsync(api.TenantId);
        Assert.Equal(Writers, assignments);
        Assert.Equal(Writers, ledger.Count);
        Assert.Equal(Writers, added);
        Assert.Equal(Writers, events.Count);
        Assert.Equal(Writers, events.Distinct().Count());
    }

    private async Task<(int Assignments, List<TagHistoryEntry> Ledger, long Added, List<long> Events)> ReadAsync(long tenantId) =>
        await Factory.InTenantAsync(tenantId, async sp =>
        {
            var db = sp.GetRequiredService<TagApiDbContext>();
            return (await db.TagAssignments.CountAsync(),
                await db.TagHistory.AsNoTracking().ToListAsync(),
                await db.TagDailyCounts.SumAsync(c => c.Added),
                await db.Events.Where(e => e.Type == "customer.tags.added").Select(e => e.Id).ToListAsync());
        });
}

public sealed class ConcurrentTagWritesOnSqlite(SqliteTagApiFactory factory) : ConcurrentTagWritesTests(factory), IClassFixture<SqliteTagApiFactory>;

public sealed class ConcurrentTagWritesOnPostgres(PostgresTagApiFactory factory) : ConcurrentTagWritesTests(factory), IClassFixture<PostgresTagApiFactory>;
