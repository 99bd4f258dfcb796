using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TagApi.Api.Tests.Infrastructure;
using TagApi.Core.Data;
using TagApi.Core.TagAssignments;

namespace TagApi.Api.Tests.Analytics;

/// <summary>
/// The per-day and per-hour counts the database keeps beside the ledger equal the ledger grouped by UTC day and hour,
/// whichever way lines were written or erased, and the figures read from them still match the brute force.
/// </summary>
public abstract class TagChangeCountsTests(TagApiFactory factory) : ProviderSuite(factory)
{
    [Fact]
    public async Task Counts_follow_adds_replacements_expiries_merges_tag_deletions_and_erasures()
    {
        var api = await Factory.CreateTenantAsync();
        foreach (var key in new[] { "a", "b", "old", "doomed", "trial" })
        {
            await api.CreateTagAsync(key);
        }

        await api.CreateTagAsync("gold", category: "value");
        await api.CreateTagAsync("silver", category: "value");
        var customers = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            var id = (await api.UpsertCustomerAsync($"k{i}")).Str("id");
            customers.Add(id);
            await api.ChangeTagsAsync(id, add: ["a", "b", "old", "doomed", "gold"]);
        }

        Factory.Clock.Advance(TimeSpan.FromHours(5));
        await api.RefreshTokenAsync();
        foreach (var id in customers.Take(5))
        {
            // Silver replaces gold in the exclusive category: two lines in one statement.
            await api.ChangeTagsAsync(id, add: ["silver"], remove: ["b"]);
            await api.PostAsync($"/v1/customers/{id}/tags", new { add = new[] { "trial" }, expiresAt = Factory.Clock.GetUtcNow().AddHours(1) });
        }

        Factory.Clock.Advance(TimeSpan.FromHours(20));
        await api.RefreshTokenAsync();
        Assert.True(await Factory.Services.GetRequiredService<TagExpiry>().SweepAsync(CancellationToken.None) >= 5);
        await api.PostAsync("/v1/tags/old/merge", new { into = "a" });
        await api.DeleteAsync("/v1/tags/doomed");
        await api.DeleteAsync($"/v1/customers/{customers[0]}");
        await api.ChangeTagsAsync(customers[1], remove: ["a"]);

        await AssertCountsEqualLedgerAsync(api.TenantId);
        var reference = await AnalyticsReference.LoadAsync(Factory, api.TenantId);
        var body = await api.GetAsync("/v1/analytics/tags");
        var now = body["computedAt"]!.GetValue<DateTime>().ToUniversalTime();
        foreach (var row in body["tags"]!.AsArray())
        {
            var key = row!["tag"]!.Str("key");
            Assert.Equal(reference.Changes(key, added: true, now.AddDays(-30)), row["added30d"]!.GetValue<long>());
            Assert.Equal(reference.Changes(key, added: false, now.AddDays(-30)), row["removed30d"]!.GetValue<long>());
        }

        var from = Uri.EscapeDataString(now.AddDays(-3).ToString("O", CultureInfo.InvariantCulture));
        var points = (await api.GetAsync($"/v1/analytics/tags/a/trend?from={from}"))["points"]!.AsArray();
        var tagId = reference.TagId("a");
        foreach (var point in points)
        {
            var start = point!["start"]!.GetValue<DateTime>().ToUniversalTime();
            var lines = reference.Ledger.Where(h => h.TagId == tagId && h.At >= start && h.At < start.AddDays(1)).ToList();
            Assert.Equal(lines.Count(h => h.Action == TagHistoryAction.Added), point["added"]!.GetValue<long>());
            Assert.Equal(lines.Count(h => h.Action != TagHistoryAction.Added), point["removed"]!.GetValue<long>());
            Assert.Equal(reference.HoldersBefore(tagId, start.AddDays(1)).Count, point["holders"]!.GetValue<long>());
        }
    }

    [Fact]
    public async Task Another_tenants_lines_are_not_counted()
    {
        var mine = await Factory.CreateTenantAsync();
        var theirs = await Factory.CreateTenantAsync();
        foreach (var api in new[] { mine, theirs })
        {
            await api.CreateTagAsync("shared_key");
            var id = (await api.UpsertCustomerAsync("x")).Str("id");
            await api.ChangeTagsAsync(id, add: ["shared_key"]);
        }

        var row = (await mine.GetAsync("/v1/analytics/tags"))["tags"]!.AsArray().Single(t => t!["tag"]!.Str("key") == "shared_key")!;
        Assert.Equal(1, row["added30d"]!.GetValue<long>());
        var today = (await mine.GetAsync("/v1/analytics/tags/shared_key/trend"))["points"]!.AsArray()[^1]!;
        Assert.Equal(1, today["added"]!.GetValue<long>());
        Assert.Equal(1, today["holders"]!.GetValue<long>());
    }

    // Rows left at zero by erasures are allowed; every other row must be exactly the ledger's group.
    private async Task AssertCountsEqualLedgerAsync(long tenantId)
    {
        var (ledger, days, hours) = await Factory.InTenantAsync(tenantId, async sp =>
        {
            var db = sp.GetRequiredService<TagApiDbContext>();
            return (await db.TagHistory.AsNoTracking().ToListAsync(), await db.TagDailyCounts.AsNoTracking().ToListAsync(), await db.TagHourlyCounts.AsNoTracking().ToListAsync());
        });
        Assert.NotEmpty(ledger);

        static (long, long) Split(IEnumerable<TagHistoryEntry> lines) =>
            (lines.Count(l => l.Action == TagHistoryAction.Added), lines.Count(l => l.Action != TagHistoryAction.Added));

        var byDay = ledger.GroupBy(l => (l.TagId, DateOnly.FromDateTime(l.At))).ToDictionary(g => g.Key, Split);
        var byHour = ledger.GroupBy(l => (l.TagId, new DateTime(l.At.Year, l.At.Month, l.At.Day, l.At.Hour, 0, 0).Ticks)).ToDictionary(g => g.Key, Split);
        Assert.Equal(byDay.OrderBy(d => d.Key), days.Where(d => d.Added != 0 || d.Removed != 0).Select(d => KeyValuePair.Create((d.TagId, d.Day), (d.Added, d.Removed))).OrderBy(d => d.Key));
        Assert.Equal(byHour.OrderBy(d => d.Key), hours.Where(h => h.Added != 0 || h.Removed != 0).Select(h => KeyValuePair.Create((h.TagId, h.Hour.Ticks), (h.Added, h.Removed))).OrderBy(d => d.Key));
    }
}

public sealed class TagChangeCountsOnSqlite(SqliteTagApiFactory factory) : TagChangeCountsTests(factory), IClassFixture<SqliteTagApiFactory>;

public sealed class TagChangeCountsOnPostgres(PostgresTagApiFactory factory) : TagChangeCountsTests(factory), IClassFixture<PostgresTagApiFactory>
{
    // Inside the writing transaction: a single write's line of one tag is not counted until the commit (so writers of
    // the tag do not hold its count rows across their COMMIT round trip); a write of several tags is counted at insert.
    [Fact]
    public async Task A_single_writes_line_of_one_tag_is_counted_at_commit_and_a_write_of_several_tags_at_insert()
    {
        var api = await Factory.CreateTenantAsync();
        foreach (var key in new[] { "one", "two", "three" })
        {
            await api.CreateTagAsync(key);
        }

        var id = (await api.UpsertCustomerAsync("c")).Str("id");
        var (beforeCommit, afterSeveral) = await Factory.InTenantAsync(api.TenantId, async sp =>
        {
            var db = sp.GetRequiredService<TagApiDbContext>();
            var service = sp.GetRequiredService<CustomerTagService>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            await service.ChangeAsync(id, ["one"], [], null, CancellationToken.None);
            var single = await db.TagDailyCounts.AsNoTracking().SumAsync(c => c.Added);
            await service.ChangeAsync(id, ["two", "three"], [], null, CancellationToken.None);
            var several = await db.TagDailyCounts.AsNoTracking().SumAsync(c => c.Added);
            await transaction.CommitAsync();
            return (single, several);
        });

        Assert.Equal(0, beforeCommit);
        Assert.Equal(2, afterSeveral);
        var committed = await Factory.InTenantAsync(api.TenantId, sp => sp.GetRequiredService<TagApiDbContext>().TagHourlyCounts.AsNoTracking().SumAsync(c => c.Added));
        Assert.Equal(3, committed);
    }
}
