using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using TagApi.Api.Tests.Infrastructure;
using TagApi.Core.Common;

namespace TagApi.Api.Tests.Analytics;

/// <summary>
/// Every analytics figure for a random tenant, built over several simulated days of adds, removes, exclusive
/// replacements and rule runs, equals the same figure computed by brute force from the tables.
/// </summary>
public abstract class TagAnalyticsDifferentialTests(TagApiFactory factory) : ProviderSuite(factory)
{
    private static readonly string[] Open = ["t0", "t1", "t2", "t3", "t4", "t5"];
    private static readonly string[] Value = ["v_high", "v_mid", "v_low"];
    private static readonly string[] Cities = ["Shanghai", "Beijing", "Hangzhou", "Shenzhen"];

    [Fact]
    public async Task Every_figure_matches_a_brute_force_computation()
    {
        var random = new Random(20261206);
        var api = await Factory.CreateTenantAsync();
        foreach (var key in Open)
        {
            await api.CreateTagAsync(key, category: random.Next(2) == 0 ? "custom" : "behavior");
        }

        foreach (var key in Value)
        {
            await api.CreateTagAsync(key, category: "value");
        }

        await api.CreateTagAsync("r_sh", category: "custom");
        await api.PostAsync("/v1/rules", new { key = "shanghai", name = "Shanghai", tag = "r_sh", condition = "city = 'Shanghai'" }, HttpStatusCode.Created);
        await api.PostAsync("/v1/segments", new { key = "seg_t0", name = "t0", query = "tag = 't0'" }, HttpStatusCode.Created);

        // A new segment's first projection writes its members silently; were it to run after the first day's
        // changes, that day's entries would have no events and the segment's trend would miss them.
        await SegmentBaselines.WrittenAsync(Factory, api, "seg_t0");

        var customers = new List<string>();
        for (var i = 0; i < 90; i++)
        {
            var body = new { city = Cities[random.Next(Cities.Length)], gender = random.Next(3) == 0 ? null : "female", source = random.Next(2) == 0 ? "online" : "offline", birthDate = "1990-05-01" };
            customers.Add((await api.UpsertCustomerAsync($"c{i}", body)).Str("id"));
        }

        var start = Factory.Clock.GetUtcNow().UtcDateTime;
        var marks = new List<DateTime>();
        for (var round = 0; round < 5; round++)
        {
            await ChangeAsync(api, random, customers, Factory.Clock.GetUtcNow().UtcDateTime);
            await SettleAsync(api);
            marks.Add(Factory.Clock.GetUtcNow().UtcDateTime.AddHours(1));
            Factory.Clock.Advance(TimeSpan.FromDays(9));
            await api.RefreshTokenAsync();
        }

        var reference = await AnalyticsReference.LoadAsync(Factory, api.TenantId);
        await CheckDistributionAsync(api, reference);
        await CheckOverlapAsync(api, reference, random);
        foreach (var interval in new[] { "day", "week", "month" })
        {
            await CheckTrendAsync(api, reference, "t0", interval, start);
            await CheckTrendAsync(api, reference, "v_mid", interval, start);
        }

        await CheckSegmentTrendMatchesItsTagAsync(api, start);
        await CheckAsOfAsync(api, reference, customers, marks);
        await ProfileChecks.CheckAsync(api, reference, "t1", Factory.Clock.GetUtcNow().UtcDateTime);
    }

    private static async Task ChangeAsync(TenantSession api, Random random, List<string> customers, DateTime now)
    {
        string Pick(string[] keys) => keys[random.Next(keys.Length)];
        var add = Enumerable.Range(0, 120).Select(_ => new { customer = customers[random.Next(customers.Count)], tag = random.Next(4) == 0 ? Pick(Value) : Pick(Open) })
            .DistinctBy(a => (a.customer, Value.Contains(a.tag) ? "value" : a.tag)).ToList();
        var remove = Enumerable.Range(0, 50).Select(_ => new { customer = customers[random.Next(customers.Count)], tag = random.Next(4) == 0 ? Pick(Value) : Pick(Open) })
            .Where(r => !add.Any(a => a.customer == r.customer && a.tag == r.tag)).ToList();
        await api.PostAsync("/v1/tag-assignments", new { add, remove });

        // Moves between cities make the rule add and remove its tag.
        foreach (var id in customers.OrderBy(_ => random.Next()).Take(12))
        {
            await api.PatchAsync($"/v1/customers/{id}", new { city = Cities[random.Next(Cities.Length)] });
        }

        var activities = customers.OrderBy(_ => random.Next()).Take(40).Select(id => new
        {
            customer = id,
            type = random.Next(2) == 0 ? "purchase" : "visit",
            amount = (decimal?)random.Next(1, 500),
            occurredAt = now.AddDays(-random.Next(0, 120)).AddMinutes(-random.Next(1, 600)).ToString("O", CultureInfo.InvariantCulture),
        }).Select(a => a.type == "purchase" ? (object)a : new { a.customer, a.type, a.occurredAt }).ToList();
        await api.PostAsync("/v1/activities/batch", new { activities });
    }

    // Rules and segment membership follow changes in the background: wait until both caught up before the day ends.
    private async Task SettleAsync(TenantSession api)
    {
        static bool RuleCaughtUp(AnalyticsReference r) => r.Customers.Where(c => c.City == "Shanghai").Select(c => c.Id).ToHashSet().SetEquals(r.Holders("r_sh"));
        var reference = await Eventually.WaitForAsync(async () => await AnalyticsReference.LoadAsync(Factory, api.TenantId), RuleCaughtUp);
        Assert.True(RuleCaughtUp(reference));

        // Against the tables, not the segment's own count: a trend that has not moved yet would agree with that.
        long holders = reference.Holders("t0").Count;
        Assert.True(await Eventually.WaitForAsync(
            async () => (await api.GetAsync("/v1/analytics/segments/seg_t0/trend"))["points"]!.AsArray()[^1]!["holders"]!.GetValue<long>() == holders,
            done => done));
    }

    private static async Task CheckDistributionAsync(TenantSession api, AnalyticsReference r)
    {
        var body = await Eventually.WaitForAsync(() => api.GetAsync("/v1/analytics/tags"), b => b["tags"]!.AsArray().All(t => t!["holders"]!.GetValue<long>() == r.Holders(t["tag"]!.Str("key")).Count));
        var now = body["computedAt"]!.GetValue<DateTime>().ToUniversalTime();
        Assert.Equal(r.Customers.Count, body["totalCustomers"]!.GetValue<long>());
        foreach (var row in body["tags"]!.AsArray())
        {
            var key = row!["tag"]!.Str("key");
            var holders = r.Holders(key).Count;
            Assert.Equal(holders, row["holders"]!.GetValue<long>());
            Assert.Equal(r.Customers.Count == 0 ? 0 : (double)holders / r.Customers.Count, row["share"]!.GetValue<double>(), 9);
            Assert.Equal(r.ByRule(key), row["byRule"]!.GetValue<long>());
            Assert.Equal(holders - r.ByRule(key), row["byHand"]!.GetValue<long>());
            Assert.Equal(r.Changes(key, added: true, now.AddDays(-30)), row["added30d"]!.GetValue<long>());
            Assert.Equal(r.Changes(key, added: false, now.AddDays(-30)), row["removed30d"]!.GetValue<long>());
        }

        Assert.Equal(r.Tags.Count, body["tags"]!.AsArray().Count);
        foreach (var row in body["categories"]!.AsArray())
        {
            var category = r.Categories.Single(c => c.Key == row!["category"]!.Str("key"));
            var covered = r.Covered(category.Id).Count;
            Assert.Equal(covered, row!["covered"]!.GetValue<long>());
            Assert.Equal(r.Customers.Count - covered, row["uncovered"]!.GetValue<long>());
            Assert.Equal(category.Exclusive, row["split"] is JsonArray);
        }

        var value = (await api.GetAsync("/v1/analytics/tags?category=value"))["categories"]!.AsArray().Single()!;
        Assert.Equal(Value.Sum(v => r.Holders(v).Count), value["split"]!.AsArray().Sum(s => s!["holders"]!.GetValue<long>()));
        Assert.Equal(value["covered"]!.GetValue<long>(), value["split"]!.AsArray().Sum(s => s!["holders"]!.GetValue<long>()));
    }

    private static async Task CheckOverlapAsync(TenantSession api, AnalyticsReference r, Random random)
    {
        var keys = Open.Concat(Value).Append("r_sh").OrderBy(_ => random.Next()).Take(7).ToArray();
        var body = await api.GetAsync($"/v1/analytics/tag-overlap?tags={string.Join(',', keys)}");
        Assert.Equal(keys, body["tags"]!.AsArray().Select(k => k!.GetValue<string>()));
        var n = r.Customers.Count;
        for (var i = 0; i < keys.Length; i++)
        {
            for (var j = 0; j < keys.Length; j++)
            {
                var (a, b) = (r.Holders(keys[i]), r.Holders(keys[j]));
                var both = a.Intersect(b).Count();
                var union = a.Union(b).Count();
                Assert.Equal(both, body["counts"]![i]![j]!.GetValue<long>());
                Assert.Equal(union == 0 ? 0 : (double)both / union, body["jaccard"]![i]![j]!.GetValue<double>(), 9);
                Assert.Equal(a.Count == 0 || b.Count == 0 ? 0 : (double)both * n / ((double)a.Count * b.Count), body["lift"]![i]![j]!.GetValue<double>(), 9);
            }
        }
    }

    private static async Task CheckTrendAsync(TenantSession api, AnalyticsReference r, string key, string interval, DateTime start)
    {
        var from = Uri.EscapeDataString(start.AddDays(-3).ToString("O", CultureInfo.InvariantCulture));
        var body = await api.GetAsync($"/v1/analytics/tags/{key}/trend?interval={interval}&from={from}");
        Assert.Equal(interval, body.Str("interval"));
        var points = body["points"]!.AsArray();
        Assert.NotEmpty(points);
        var tagId = r.TagId(key);
        for (var i = 0; i < points.Count; i++)
        {
            var pointStart = points[i]!["start"]!.GetValue<DateTime>().ToUniversalTime();
            var end = i + 1 < points.Count ? points[i + 1]!["start"]!.GetValue<DateTime>().ToUniversalTime() : Next(pointStart, interval);
            var lines = r.Ledger.Where(h => h.TagId == tagId && h.At >= pointStart && h.At < end).ToList();
            var added = lines.Count(h => h.Action == Core.TagAssignments.TagHistoryAction.Added);
            Assert.Equal(added, points[i]!["added"]!.GetValue<long>());
            Assert.Equal(lines.Count - added, points[i]!["removed"]!.GetValue<long>());
            Assert.Equal(2 * added - lines.Count, points[i]!["net"]!.GetValue<long>());
            Assert.Equal(r.HoldersBefore(tagId, end).Count, points[i]!["holders"]!.GetValue<long>());
        }
    }

    private static DateTime Next(DateTime start, string interval) => interval switch
    {
        "day" => start.AddDays(1),
        "week" => start.AddDays(7),
        _ => start.AddMonths(1),
    };

    // The segment is exactly "tag = 't0'" and was created before anyone held t0, so its series is the tag's.
    private static async Task CheckSegmentTrendMatchesItsTagAsync(TenantSession api, DateTime start)
    {
        var from = Uri.EscapeDataString(start.ToString("O", CultureInfo.InvariantCulture));
        var segment = (await api.GetAsync($"/v1/analytics/segments/seg_t0/trend?from={from}"))["points"]!.AsArray();
        var tag = (await api.GetAsync($"/v1/analytics/tags/t0/trend?from={from}"))["points"]!.AsArray();
        Assert.Equal(tag.Select(p => p!["holders"]!.GetValue<long>()), segment.Select(p => p!["holders"]!.GetValue<long>()));
        Assert.Equal(tag.Select(p => p!["net"]!.GetValue<long>()), segment.Select(p => p!["net"]!.GetValue<long>()));
    }

    private static async Task CheckAsOfAsync(TenantSession api, AnalyticsReference r, List<string> customers, List<DateTime> marks)
    {
        foreach (var mark in marks)
        {
            var asOf = Uri.EscapeDataString(mark.ToString("O", CultureInfo.InvariantCulture));
            foreach (var id in customers.Take(15))
            {
                PublicId.TryDecode(IdPrefixes.Customer, id, out var internalId);
                var held = (await api.GetAsync($"/v1/customers/{id}/tags?asOf={asOf}"))["data"]!.AsArray().Select(t => t!["tag"]!.Str("key")).Order(StringComparer.Ordinal);
                Assert.Equal(r.TagsOfAt(internalId, mark), held);
            }

            foreach (var key in new[] { "t2", "v_high", "r_sh" })
            {
                var expected = r.HoldersBefore(r.TagId(key), mark.AddTicks(1)).Order().Select(c => PublicId.Encode(IdPrefixes.Customer, c));
                var page = await api.GetAsync($"/v1/tags/{key}/customers?asOf={asOf}&limit=200");
                Assert.Equal(expected, page.Keys("id"));
            }
        }
    }
}

public sealed class TagAnalyticsDifferentialOnSqlite(SqliteTagApiFactory factory) : TagAnalyticsDifferentialTests(factory), IClassFixture<SqliteTagApiFactory>;

public sealed class TagAnalyticsDifferentialOnPostgres(PostgresTagApiFactory factory) : TagAnalyticsDifferentialTests(factory), IClassFixture<PostgresTagApiFactory>;
