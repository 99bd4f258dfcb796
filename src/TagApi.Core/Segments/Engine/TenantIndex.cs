using TagApi.Core.Segments.Columns;
using TagApi.Core.Segments.Index;
using TagApi.Core.Value;

namespace TagApi.Core.Segments.Engine;

/// <summary>A customer's full state as the index needs it; without <paramref name="Activities"/> the indexed timeline is kept.</summary>
/// <param name="Row">The customer's fields.</param>
/// <param name="TagIds">Every tag the customer holds.</param>
/// <param name="Activities">The customer's timeline; null keeps the indexed one.</param>
/// <param name="RuleTagIds">The subset of <paramref name="TagIds"/> a tagging rule assigned (for analytics' by-rule split).</param>
public sealed record IndexedCustomer(CustomerRow Row, IReadOnlyCollection<long> TagIds, ActivityTimeline? Activities = null, IReadOnlyCollection<long>? RuleTagIds = null);

/// <summary>
/// The in-memory index of one tenant: a dense ordinal per customer (in id order), one compressed
/// bitmap per tag, the customers' fields as columns for field predicates, and their rows for what
/// only a row can answer (behaviour aggregates, nested attributes, explanations). One writer applies changes under
/// a lock and publishes a new <see cref="IndexSnapshot"/>; readers use whichever snapshot is current.
/// </summary>
public sealed partial class TenantIndex
{
    private readonly Lock _gate = new();
    private readonly ValuePool _pool;
    // Ordinals follow id order, so a binary search over the ids finds one; only after an id arrived out of order (the
    // index is then rebuilt on its next query) does a table hold them.
    private Dictionary<long, int>? _ordinalOf;
    // How many leading ordinals follow id order once an id arrived out of order; null while all of them do.
    private int? _sortedCount;
    private readonly ChunkedArray<long> _idAt;
    private readonly ChunkedArray<CustomerRow?> _rows;
    private readonly ActivityColumns _activityColumns;
    private readonly FieldColumns _fieldColumns;
    private readonly RoaringBitmap _live;
    private readonly Dictionary<long, RoaringBitmap> _members;
    private readonly Dictionary<long, RoaringBitmap> _published = [];
    private readonly HashSet<long> _changedTags = [];
    private readonly Dictionary<long, RoaringBitmap> _ruleMembers;
    private readonly Dictionary<long, RoaringBitmap> _rulePublished = [];
    private readonly HashSet<long> _changedRuleTags = [];
    private IndexHeap _heap = new(0, 0, 0, 0);
    private TagCatalog _catalog;
    private long _version;
    private volatile IndexSnapshot _current;

    public TenantIndex(TagCatalog catalog, ActivityVocabulary vocabulary, IEnumerable<IndexedCustomer> customersInIdOrder)
    {
        _catalog = catalog;
        Vocabulary = vocabulary;
        _pool = new ValuePool();
        _idAt = new ChunkedArray<long>();
        _rows = new ChunkedArray<CustomerRow?>();
        _activityColumns = new ActivityColumns();
        _fieldColumns = new FieldColumns();
        _live = new RoaringBitmap();
        _members = [];
        _ruleMembers = [];
        foreach (var customer in customersInIdOrder)
        {
            Upsert(customer);
        }

        _current = Publish();
    }

    public IndexSnapshot Current => _current;

    /// <summary>The tenant's customer value model, recomputed on a schedule from the current snapshot.</summary>
    public CustomerValueState Value { get; } = new();

    /// <summary>Activity types and channels by number; grows as new ones are recorded.</summary>
    public ActivityVocabulary Vocabulary { get; }

    /// <summary>The phases of the database read that built this index (empty for an index built otherwise).</summary>
    public IReadOnlyList<IndexBuildPhase> BuildPhases { get; internal set; } = [];

    /// <summary>True once a customer arrived whose id is lower than one already indexed; paging order needs a rebuild.</summary>
    public bool OutOfOrder => _sortedCount is not null;

    /// <summary>Applies changed and removed customers (and a new tag structure, if any) as one step.</summary>
    public void Apply(IReadOnlyCollection<IndexedCustomer> changed, IReadOnlyCollection<long> removed, TagCatalog? catalog = null)
    {
        lock (_gate)
        {
            // A catalog read again unchanged (a commit's own structure change, then the same one from the change log)
            // keeps the current object: member pages cached under it stay valid.
            if (catalog is not null && !catalog.SameAs(_catalog))
            {
                _catalog = catalog;
                DropTagsOutside(catalog);
            }

            foreach (var customer in changed)
            {
                Upsert(customer);
            }

            foreach (var id in removed)
            {
                Remove(id);
            }

            _current = Publish();
        }
    }

    // Bitmaps of tags the catalog no longer has (deleted, or merged into another).
    private void DropTagsOutside(TagCatalog catalog)
    {
        foreach (var gone in _members.Keys.Where(id => !catalog.Tags.ContainsKey(id)).ToList())
        {
            _members.Remove(gone);
            _published.Remove(gone);
        }

        foreach (var gone in _ruleMembers.Keys.Where(id => !catalog.Tags.ContainsKey(id)).ToList())
        {
            _ruleMembers.Remove(gone);
            _rulePublished.Remove(gone);
        }
    }

    private void Upsert(IndexedCustomer customer)
    {
        var id = customer.Row.Id;
        var isNew = !TryGetOrdinal(id, out var ordinal);
        if (isNew)
        {
            if (_idAt.Count > 0 && id < _idAt[_idAt.Count - 1] && _ordinalOf is null)
            {
                _sortedCount = _idAt.Count;
                _ordinalOf = [];
                for (var i = 0; i < _idAt.Count; i++)
                {
                    _ordinalOf[_idAt[i]] = i;
                }
            }

            ordinal = _idAt.Append(id);
            _rows.Append(null);
            _activityColumns.AppendOrdinal();
            _fieldColumns.AppendOrdinal();
            _ordinalOf?.Add(id, ordinal);
        }

        var previous = _rows[ordinal];
        var timeline = customer.Activities ?? previous?.Activities ?? ActivityTimeline.Empty;
        var given = customer.Row;
        var row = given with
        {
            Gender = _pool.Intern(given.Gender), Country = _pool.Intern(given.Country), Region = _pool.Intern(given.Region), City = _pool.Intern(given.City),
            Industry = _pool.Intern(given.Industry), Locale = _pool.Intern(given.Locale), Attributes = _pool.Intern(given.Attributes), Activities = timeline,
        };
        _rows[ordinal] = row;
        Account(previous, row);
        _fieldColumns.Set(ordinal, previous, row);
        if (!isNew || timeline.Count > 0)
        {
            // A new ordinal's columns start at 0: without activities there is nothing to set.
            _activityColumns.Set(ordinal, timeline);
        }
        _live.Add(ordinal);
        SetMemberships(_members, _changedTags, ordinal, customer.TagIds, isNew);
        SetMemberships(_ruleMembers, _changedRuleTags, ordinal, customer.RuleTagIds ?? [], isNew);
    }

    private bool TryGetOrdinal(long id, out int ordinal)
    {
        if (_ordinalOf is not null)
        {
            return _ordinalOf.TryGetValue(id, out ordinal);
        }

        int low = 0, high = _idAt.Count - 1;
        while (low <= high)
        {
            var mid = (low + high) >>> 1;
            var at = _idAt[mid];
            if (at == id)
            {
                ordinal = mid;
                return true;
            }

            if (at < id)
            {
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }

        ordinal = -1;
        return false;
    }

    private static void SetMemberships(Dictionary<long, RoaringBitmap> byTag, HashSet<long> changed, int ordinal, IReadOnlyCollection<long> tagIds, bool isNew)
    {
        if (!isNew)
        {
            foreach (var (tagId, members) in byTag)
            {
                if (!tagIds.Contains(tagId) && members.Remove(ordinal))
                {
                    changed.Add(tagId);
                }
            }
        }

        foreach (var tagId in tagIds)
        {
            if (!byTag.TryGetValue(tagId, out var members))
            {
                members = new RoaringBitmap();
                byTag[tagId] = members;
            }

            if (members.Add(ordinal))
            {
                changed.Add(tagId);
            }
        }
    }

    private void Remove(long customerId)
    {
        if (!TryGetOrdinal(customerId, out var ordinal) || !_live.Remove(ordinal))
        {
            return;
        }

        _fieldColumns.Set(ordinal, _rows[ordinal], null);
        Account(_rows[ordinal], null);
        _rows[ordinal] = null;
        _activityColumns.Clear(ordinal);
        SetMemberships(_members, _changedTags, ordinal, [], isNew: false);
        SetMemberships(_ruleMembers, _changedRuleTags, ordinal, [], isNew: false);
    }

    // The heap rows and timelines hold, kept as a running total so a report never walks a million rows.
    private void Account(CustomerRow? previous, CustomerRow? current)
    {
        var (rows, activities, count, _) = _heap;
        rows += RowBytes(current) - RowBytes(previous);
        if (!ReferenceEquals(previous?.Activities, current?.Activities))
        {
            activities += (current?.Activities.MemoryBytes ?? 0) - (previous?.Activities.MemoryBytes ?? 0);
            count += (current?.Activities.Count ?? 0) - (previous?.Activities.Count ?? 0);
        }

        _heap = new IndexHeap(rows, activities, count, 0);
    }

    // The row object, and what it holds alone: strings and attribute sets the pool shares are counted once, there.
    private long RowBytes(CustomerRow? row)
    {
        if (row is null)
        {
            return 0;
        }

        var bytes = CustomerRow.HeapBytes + Own(row.Gender) + Own(row.Country) + Own(row.Region) + Own(row.City) + Own(row.Industry) + Own(row.Locale);
        return bytes + (_pool.Holds(row.Attributes) ? 0 : row.Attributes switch
        {
            PackedAttributeDictionary packed => packed.MemoryBytes,
            { Count: 0 } => 0,
            var other => 200 + (150L * other.Count),
        });
    }

    private long Own(string? value) => value is null || _pool.Holds(value) ? 0 : ValuePool.StringBytes(value);

    // Only bitmaps that changed get a new snapshot; the others are shared with the previous state.
    private IndexSnapshot Publish()
    {
        foreach (var tagId in _changedTags)
        {
            _published[tagId] = _members[tagId].Snapshot();
        }

        _changedTags.Clear();
        foreach (var tagId in _changedRuleTags)
        {
            _rulePublished[tagId] = _ruleMembers[tagId].Snapshot();
        }

        _changedRuleTags.Clear();
        return new IndexSnapshot(_live.Snapshot(), new Dictionary<long, RoaringBitmap>(_published), new Dictionary<long, RoaringBitmap>(_rulePublished), _idAt.Snapshot(), _rows.Snapshot(), _activityColumns.Snapshot(), _fieldColumns.Snapshot(), _sortedCount, _catalog,
            Vocabulary, ++_version, Value, _heap with { Shared = _pool.MemoryBytes + _fieldColumns.CacheBytes + (_ordinalOf is null ? 0 : 200 + (_ordinalOf.Count * 30L)) });
    }
}
