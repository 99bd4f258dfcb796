using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TagApi.Api.Tests.Infrastructure;
using TagApi.Core.Activities;
using TagApi.Core.Customers;
using TagApi.Core.Data;
using TagApi.Core.TagAssignments;
using TagApi.Core.TagCategories;
using TagApi.Core.Tags;

namespace TagApi.Api.Tests.Analytics;

/// <summary>
/// A tenant's rows read straight from the tables, and every analytics figure computed from them the slow, obvious
/// way — the brute force the index-backed answers are compared with.
/// </summary>
public sealed record AnalyticsReference(
    List<Customer> Customers, List<TagAssignment> Assignments, List<TagHistoryEntry> Ledger, List<Tag> Tags, List<TagCategory> Categories, List<Activity> Activities)
{
    public static Task<AnalyticsReference> LoadAsync(TagApiFactory factory, long tenant) => factory.InTenantAsync(tenant, async sp =>
    {
        var db = sp.GetRequiredService<TagApiDbContext>();
        return new AnalyticsReference(
            await db.Customers.AsNoTracking().ToListAsync(), await db.TagAssignments.AsNoTracking().ToListAsync(),
            await db.TagHistory.AsNoTracking().OrderBy(h => h.Id).ToListAsync(), await db.Tags.AsNoTracking().ToListAsync(),
            await db.TagCategories.AsNoTracking().ToListAsync(), await db.Activities.AsNoTracking().ToListAsync());
    });

    public long TagId(string key) => Tags.Single(t => t.Key == key).Id;

    public HashSet<long> Holders(string key) => Assignments.Where(a => a.TagId == TagId(key)).Select(a => a.CustomerId).ToHashSet();

    public long ByRule(string key) => Assignments.Count(a => a.TagId == TagId(key) && a.Source == TagSource.Rule);

    public long Changes(string key, bool added, DateTime after, DateTime? before = null) => Ledger.Count(h =>
        h.TagId == TagId(key) && (h.Action == TagHistoryAction.Added) == added && h.At > after && (before is null || h.At <= before));

    /// <summary>Customers whose last ledger line for the tag before <paramref name="end"/> (exclusive) is an addition.</summary>
    public HashSet<long> HoldersBefore(long tagId, DateTime end) => Ledger.Where(h => h.TagId == tagId && h.At < end)
        .GroupBy(h => h.CustomerId).Where(g => g.Last().Action == TagHistoryAction.Added).Select(g => g.Key).ToHashSet();

    /// <summary>Tag keys a customer held at <paramref name="asOf"/> (inclusive), by its ledger.</summary>
    public string[] TagsOfAt(long customerId, DateTime asOf) => Ledger.Where(h => h.CustomerId == customerId && h.At <= asOf)
        .GroupBy(h => h.TagId).Where(g => g.Last().Action == TagHistoryAction.Added).Select(g => g.Last().TagKey).Order(StringComparer.Ordinal).ToArray();

    public HashSet<long> Covered(long categoryId)
    {
        var ids = Tags.Where(t => t.CategoryId == categoryId).Select(t => t.Id).ToHashSet();
        return Assignments.Where(a => ids.Contains(a.TagId)).Select(a => a.CustomerId).ToHashSet();
    }

    /// <summary>Average and median, as the profile defines them; null for no values.</summary>
    public static (double? Avg, double? Median) Measure(IReadOnlyCollection<double> values)
    {
        if (values.Count == 0)
        {
            return (null, null);
        }

        var sorted = values.Order().ToArray();
        var mid = sorted.Length / 2;
        return (values.Average(), sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2);
    }

    public int ActivitiesAfter(long customerId, DateTime after) => Activities.Count(a => a.CustomerId == customerId && a.OccurredAt > after);

    public double? DaysSincePurchase(long customerId, DateTime now) =>
        Activities.Where(a => a.CustomerId == customerId && a.Type == "purchase").Select(a => (DateTime?)a.OccurredAt).Max() is { } last
            ? Math.Floor((now - last).Ticks / (double)TimeSpan.TicksPerDay)
            : null;
}
