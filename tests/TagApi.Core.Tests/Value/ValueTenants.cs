using TagApi.Core.Customers;
using TagApi.Core.Segments.Engine;

namespace TagApi.Core.Tests.Value;

/// <summary>Builds in-memory tenant indexes whose customers have purchase timelines.</summary>
internal static class ValueTenants
{
    public static CustomerRow Row(long id, ActivityTimeline timeline) => new CustomerRow(
        id, CustomerType.Individual, null, null, null, null, null, null, null, null, new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc), 0, 0, null, null, null,
        CustomerRow.ParseAttributes("{}")) { Activities = timeline };

    /// <summary>An index over customers given as their purchases (time, amount), id order.</summary>
    public static TenantIndex Index(ActivityVocabulary vocabulary, IReadOnlyList<IReadOnlyList<(DateTime At, decimal Amount)>> customers)
    {
        var purchase = vocabulary.InternType("purchase");
        var view = vocabulary.InternType("view");
        long activityId = 0;
        var indexed = customers.Select((purchases, i) =>
        {
            var timeline = ActivityTimeline.From(purchases.Select(p => new ActivityPoint(p.At.Ticks, ++activityId, ActivityPoint.ToUnits(p.Amount), purchase, 0))
                .Append(new ActivityPoint(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks, ++activityId, 0, view, 0)));
            return new IndexedCustomer(Row(i + 1, timeline), [], timeline);
        });
        return new TenantIndex(new TagCatalog([], new Dictionary<string, long>(), new Dictionary<string, long>()), vocabulary, indexed);
    }
}
