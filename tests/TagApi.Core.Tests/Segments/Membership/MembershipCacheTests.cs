using System.Runtime.CompilerServices;
using TagApi.Core.Segments.Engine;
using TagApi.Core.Segments.Index;
using TagApi.Core.Segments.Membership;

namespace TagApi.Core.Tests.Segments.Membership;

/// <summary>The projected members a node remembers must not keep alive an index the engine dropped.</summary>
public sealed class MembershipCacheTests
{
    private static readonly TagCatalog Catalog = new([], new Dictionary<string, long>(), new Dictionary<string, long>());

    [Fact]
    public void A_dropped_index_is_not_kept_alive_by_the_members_projected_on_it()
    {
        var cache = new MembershipCache();
        var dropped = ProjectOnAnIndexAndDropIt(cache);

        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true);

        Assert.False(dropped.TryGetTarget(out _), "the cache still holds the dropped index");
    }

    [Fact]
    public void Members_are_remembered_for_the_index_and_version_they_were_projected_at()
    {
        var cache = new MembershipCache();
        var index = new TenantIndex(Catalog, new ActivityVocabulary(), []);
        var other = new TenantIndex(Catalog, new ActivityVocabulary(), []);
        cache.Put(1, new ProjectedMembers(index, 3, RoaringBitmap.FromSorted([1, 2]), [99]));

        Assert.Equal([1, 2], cache.Get(1, index, 3)!.Ordinals.ToArray());
        Assert.Equal([99L], cache.Get(1, index, 3)!.Strays);
        Assert.Null(cache.Get(1, index, 4));
        Assert.Null(cache.Get(1, other, 3));
        GC.KeepAlive(index);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference<TenantIndex> ProjectOnAnIndexAndDropIt(MembershipCache cache)
    {
        var index = new TenantIndex(Catalog, new ActivityVocabulary(), []);
        cache.Put(7, new ProjectedMembers(index, 1, RoaringBitmap.FromSorted([0]), []));
        Assert.NotNull(cache.Get(7, index, 1));
        return new WeakReference<TenantIndex>(index);
    }
}
