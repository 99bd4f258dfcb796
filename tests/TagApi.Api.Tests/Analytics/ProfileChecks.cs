using System.Text.Json.Nodes;
using TagApi.Api.Tests.Infrastructure;

namespace TagApi.Api.Tests.Analytics;

/// <summary>A tag profile compared with the same statistics computed from the tables.</summary>
public static class ProfileChecks
{
    public static async Task CheckAsync(TenantSession api, AnalyticsReference r, string key, DateTime now)
    {
        var body = await api.GetAsync($"/v1/analytics/tags/{key}/profile");
        var computedAt = body["computedAt"]!.GetValue<DateTime>().ToUniversalTime();
        var holders = r.Holders(key);
        Compare(r, r.Customers.Where(c => holders.Contains(c.Id)).ToList(), body["holders"]!, computedAt);
        Compare(r, r.Customers.Where(c => !holders.Contains(c.Id)).ToList(), body["others"]!, computedAt);
        Assert.True(Math.Abs((computedAt - now).TotalMinutes) < 5);
    }

    private static void Compare(AnalyticsReference r, List<Core.Customers.Customer> group, JsonNode stats, DateTime now)
    {
        Assert.Equal(group.Count, stats["customers"]!.GetValue<long>());
        Same(group.Select(c => (double)c.Metrics.TotalSpent).ToList(), stats["totalSpent"]!);
        Same(group.Select(c => (double)c.Metrics.OrderCount).ToList(), stats["orderCount"]!);
        Same(group.Select(c => (double)r.ActivitiesAfter(c.Id, now.AddDays(-30))).ToList(), stats["activities30d"]!);
        Same(group.Select(c => (double)r.ActivitiesAfter(c.Id, now.AddDays(-90))).ToList(), stats["activities90d"]!);
        Same(group.Select(c => r.DaysSincePurchase(c.Id, now)).OfType<double>().ToList(), stats["daysSincePurchase"]!);
        var cities = group.Where(c => c.City is not null).GroupBy(c => c.City!).Select(g => (Value: g.Key, Count: (long)g.Count()))
            .OrderByDescending(g => g.Count).ThenBy(g => g.Value, StringComparer.Ordinal).Take(10).ToList();
        Assert.Equal(cities, stats["top"]!["city"]!.AsArray().Select(v => (v!["value"]!.GetValue<string>(), v["customers"]!.GetValue<long>())));
        Assert.Equal(group.Count, stats["top"]!["source"]!.AsArray().Sum(v => v!["customers"]!.GetValue<long>()));
    }

    private static void Same(List<double> values, JsonNode measure)
    {
        var (avg, median) = AnalyticsReference.Measure(values);
        Assert.Equal(avg is null, measure["avg"] is null);
        if (avg is not null)
        {
            Assert.Equal(avg.Value, measure["avg"]!.GetValue<double>(), 6);
            Assert.Equal(median!.Value, measure["median"]!.GetValue<double>(), 6);
        }
    }
}
