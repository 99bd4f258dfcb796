using TagApi.Core.Segments.Columns;
using TagApi.Core.Segments.Index;

namespace TagApi.Core.Segments.Engine;

/// <summary>The parts of a tenant's index as a snapshot file gives them back, each ready for the index to write to.</summary>
internal sealed record RestoredIndex(
    ActivityVocabulary Vocabulary, ValuePool Pool, ChunkedArray<long> IdAt, ChunkedArray<CustomerRow?> Rows, IndexHeap Heap, RoaringBitmap Live,
    Dictionary<long, RoaringBitmap> Members, Dictionary<long, RoaringBitmap> RuleMembers, ActivityColumns ActivityColumns, FieldColumns FieldColumns);

/// <summary>Which snapshot file an index came from: when it was taken, and the index version it stands for after the replay.</summary>
public sealed record RestoredFile(DateTime TakenAt, long Version);

public sealed partial class TenantIndex
{
    private TenantIndex(TagCatalog catalog, RestoredIndex parts)
    {
        _catalog = catalog;
        Vocabulary = parts.Vocabulary;
        _pool = parts.Pool;
        _idAt = parts.IdAt;
        _rows = parts.Rows;
        _heap = parts.Heap;
        _live = parts.Live;
        _members = parts.Members;
        _ruleMembers = parts.RuleMembers;
        _activityColumns = parts.ActivityColumns;
        _fieldColumns = parts.FieldColumns;
        // Tags deleted while the file waited are dropped; every other bitmap is new to this index, so the first
        // snapshot publishes them all.
        DropTagsOutside(catalog);
        _changedTags.UnionWith(_members.Keys);
        _changedRuleTags.UnionWith(_ruleMembers.Keys);
        _current = Publish();
    }

    /// <summary>The snapshot file this index was read back from (its version once the changes since were replayed); null when built from the tables.</summary>
    public RestoredFile? RestoredFrom { get; internal set; }

    /// <summary>An index from the parts of a snapshot file, with the tag structure as the database holds it now.</summary>
    internal static TenantIndex Restore(TagCatalog catalog, RestoredIndex parts) => new(catalog, parts);
}
