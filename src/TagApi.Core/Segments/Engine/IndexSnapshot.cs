using TagApi.Core.Segments.Columns;
using TagApi.Core.Segments.Index;
using TagApi.Core.Value;

namespace TagApi.Core.Segments.Engine;

/// <summary>
/// One consistent, immutable state of a tenant's index. Readers evaluate against a snapshot while
/// the writer prepares the next one, so a query never sees half of a change.
/// </summary>
public sealed class IndexSnapshot
{
    private readonly IndexHeap _heap;
    // Ordinals below this follow id order; those from here on arrived with a lower id than one already held, in
    // arrival order (concurrent inserts; the index is rebuilt on its next query).
    private readonly int _sortedCount;

    internal IndexSnapshot(
        RoaringBitmap live, IReadOnlyDictionary<long, RoaringBitmap> tagMembers, IReadOnlyDictionary<long, RoaringBitmap> ruleTagMembers, ChunkedView<long> idAt,
        ChunkedView<CustomerRow?> rows, IReadOnlyDictionary<ushort, ChunkedView<long>> newestByType, ColumnSnapshot columns, int? sortedCount,
        TagCatalog catalog, ActivityVocabulary vocabulary, long version, CustomerValueState value, IndexHeap heap)
    {
        _heap = heap;
        _sortedCount = sortedCount ?? idAt.Count;
        Value = value;
        Live = live;
        TagMembers = tagMembers;
        RuleTagMembers = ruleTagMembers;
        IdAt = idAt;
        Rows = rows;
        NewestByType = newestByType;
        Columns = columns;
        Catalog = catalog;
        Vocabulary = vocabulary;
        Version = version;
        Evaluator = new BitmapEvaluator(live);
    }

    /// <summary>Ordinals of customers that exist (deleted customers leave holes).</summary>
    public RoaringBitmap Live { get; }

    public IReadOnlyDictionary<long, RoaringBitmap> TagMembers { get; }

    /// <summary>Per tag, the holders whose assignment a tagging rule made (a subset of <see cref="TagMembers"/>).</summary>
    public IReadOnlyDictionary<long, RoaringBitmap> RuleTagMembers { get; }

    public TagCatalog Catalog { get; }

    public ActivityVocabulary Vocabulary { get; }

    /// <summary>The tenant's customer value model (RFM edges, fitted models), shared by every snapshot of the index.</summary>
    public CustomerValueState Value { get; }

    /// <summary>Grows by one with every published change.</summary>
    public long Version { get; }

    public long CustomerCount => Live.Cardinality;

    internal BitmapEvaluator Evaluator { get; }

    /// <summary>Plans compiled against this snapshot, for queries that can be reused as they are.</summary>
    internal PlanCache Plans { get; } = new();

    internal ChunkedView<long> IdAt { get; }

    /// <summary>What rows and timelines hold on the heap (kept with the snapshot file so a restored index reports the same).</summary>
    internal IndexHeap Heap => _heap;

    /// <summary>True when every ordinal follows id order (an index awaiting its rebuild is not worth a snapshot file).</summary>
    public bool InIdOrder => _sortedCount == IdAt.Count;

    internal ChunkedView<CustomerRow?> Rows { get; }

    /// <summary>Per activity type, each customer's newest activity of it (ticks, 0 without one); see <see cref="ActivityColumns"/>.</summary>
    internal IReadOnlyDictionary<ushort, ChunkedView<long>> NewestByType { get; }

    /// <summary>The customers' fields as columns by ordinal, for field predicates.</summary>
    internal ColumnSnapshot Columns { get; }

    public long CustomerIdAt(int ordinal) => IdAt[ordinal];

    /// <summary>The ordinal of an existing customer; null when the index does not hold it.</summary>
    public int? OrdinalOf(long customerId) => OrdinalHeldBy(customerId) is { } ordinal && Live.Contains(ordinal) ? ordinal : null;

    /// <summary>The ordinal a customer holds or held: deleted customers keep theirs as a hole until the index is rebuilt.</summary>
    public int? OrdinalHeldBy(long customerId)
    {
        var ordinal = OrdinalAfter(customerId) - 1;
        if (ordinal >= 0 && IdAt[ordinal] == customerId)
        {
            return ordinal;
        }

        // A customer that arrived out of order is not where a search of the ordered ordinals looks.
        for (var i = _sortedCount; i < IdAt.Count; i++)
        {
            if (IdAt[i] == customerId)
            {
                return i;
            }
        }

        return null;
    }

    /// <summary>
    /// The first ordinal whose customer id is greater than <paramref name="customerId"/> (ordinals follow id order; in an
    /// index awaiting its rebuild, among those that still do).
    /// </summary>
    public int OrdinalAfter(long customerId)
    {
        int low = 0, high = _sortedCount;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (IdAt[mid] <= customerId)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }

    /// <summary>
    /// The heap this state of the index keeps alive: bitmaps, the id and row arrays at their full length, the rows and
    /// what they alone hold, the values shared among rows, activity timelines and columns, field columns included.
    /// </summary>
    public long MemoryBytes =>
        Live.MemoryUsageBytes + TagMembers.Values.Sum(b => b.MemoryUsageBytes) + RuleTagMembers.Values.Sum(b => b.MemoryUsageBytes) + (96L * (TagMembers.Count + RuleTagMembers.Count)) +
        IdAt.CapacityBytes(8) + Rows.CapacityBytes(8) + _heap.Rows + _heap.Shared + ActivityMemoryBytes + ColumnMemoryBytes;

    /// <summary>Approximate memory of the field columns (keys, equality bitmaps, cached ranges), predicted value columns included.</summary>
    public long ColumnMemoryBytes => Columns.MemoryBytes + Value.Columns.MemoryBytes;

    /// <summary>The part of <see cref="MemoryBytes"/> the customers' activity timelines hold, with the newest-activity columns.</summary>
    public long ActivityMemoryBytes => _heap.Activities + NewestByType.Values.Sum(c => c.CapacityBytes(8));

    /// <summary>Activities held in customers' timelines.</summary>
    public long ActivityCount() => _heap.ActivityCount;
}

/// <summary>Running totals of what a tenant's rows hold on the heap, and what the index shares among them.</summary>
internal sealed record IndexHeap(long Rows, long Activities, long ActivityCount, long Shared);
