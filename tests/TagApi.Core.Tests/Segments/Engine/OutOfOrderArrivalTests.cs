using TagApi.Core.Segments.Engine;
using TagApi.Core.Segments.Query;
using TagApi.Core.Tests.Value;

namespace TagApi.Core.Tests.Segments.Engine;

/// <summary>
/// Customers inserted concurrently (on one node, or on several that follow each other) can reach an index with a lower
/// id than one it already holds. Until the index is rebuilt, every customer must still be found by id: the rule and
/// membership workers look their changed customers up that way, and skip any they cannot find.
/// </summary>
public sealed class OutOfOrderArrivalTests
{
    private static readonly TagCatalog NoTags = new([], new Dictionary<string, long>(), new Dictionary<string, long>());

    [Fact]
    public void Every_customer_is_found_by_id_after_ids_arrive_out_of_order()
    {
        var index = new TenantIndex(NoTags, new ActivityVocabulary(), [.. new long[] { 1, 2, 3, 5, 8 }.Select(Customer)]);
        index.Apply([Customer(9), Customer(4), Customer(12), Customer(7)], []);
        index.Apply([Customer(6), Customer(4)], [2]);

        var snapshot = index.Current;
        Assert.True(index.OutOfOrder);
        foreach (var id in new long[] { 1, 3, 4, 5, 6, 7, 8, 9, 12 })
        {
            Assert.True(snapshot.OrdinalOf(id) is { } ordinal && snapshot.CustomerIdAt(ordinal) == id, $"customer {id} not found");
        }

        Assert.Null(snapshot.OrdinalOf(2));
        Assert.NotNull(snapshot.OrdinalHeldBy(2));
        Assert.Null(snapshot.OrdinalOf(10));
        Assert.Equal(9, snapshot.CustomerCount);
    }

    [Fact]
    public void An_index_in_id_order_finds_by_search_and_pages_from_an_id()
    {
        var index = new TenantIndex(NoTags, new ActivityVocabulary(), [.. new long[] { 2, 4, 6 }.Select(Customer)]);
        index.Apply([Customer(7), Customer(9)], []);

        var snapshot = index.Current;
        Assert.False(index.OutOfOrder);
        Assert.Equal(3, snapshot.OrdinalOf(7));
        Assert.Null(snapshot.OrdinalOf(5));
        Assert.Equal(2, snapshot.OrdinalAfter(5));
    }

    private static IndexedCustomer Customer(long id) => new(ValueTenants.Row(id, ActivityTimeline.Empty), []);
}
