using System.Collections.Concurrent;
using TagApi.Core.Segments.Engine;
using TagApi.Core.Segments.Index;

namespace TagApi.Core.Segments.Membership;

/// <summary>
/// A segment's member rows as ordinals of one tenant index, plus members the index has no ordinal
/// for (customers deleted before it was built).
/// </summary>
/// <param name="Index">The index whose ordinals these are; a rebuilt index numbers customers anew.</param>
/// <param name="Version">The segment's <see cref="Segment.MembersVersion"/> the rows were read or written at.</param>
/// <param name="Ordinals">Members the index knows.</param>
/// <param name="Strays">Members' customer ids the index does not know.</param>
internal sealed record ProjectedMembers(TenantIndex Index, long Version, RoaringBitmap Ordinals, IReadOnlyCollection<long> Strays);

/// <summary>
/// The member rows of each segment this instance projected last, so a projection diffs against
/// memory instead of re-reading a million rows. Only the lease holder reads or replaces an entry,
/// and an entry is trusted only while the segment's <see cref="Segment.MembersVersion"/> matches.
/// An entry holds its index weakly: an index the engine dropped (memory budget, rebuild) must not stay alive for the
/// cache's sake, and its entries die with it.
/// </summary>
public sealed class MembershipCache
{
    private readonly ConcurrentDictionary<long, Entry> _bySegment = new();

    internal ProjectedMembers? Get(long segmentId, TenantIndex index, long version) =>
        _bySegment.TryGetValue(segmentId, out var entry) && entry.Index.TryGetTarget(out var held) && held == index && entry.Version == version
            ? new ProjectedMembers(index, entry.Version, entry.Ordinals, entry.Strays)
            : null;

    internal void Put(long segmentId, ProjectedMembers members)
    {
        foreach (var (id, entry) in _bySegment)
        {
            if (!entry.Index.TryGetTarget(out _))
            {
                _bySegment.TryRemove(id, out _);
            }
        }

        _bySegment[segmentId] = new Entry(new WeakReference<TenantIndex>(members.Index), members.Version, members.Ordinals, members.Strays);
    }

    internal void Forget(long segmentId) => _bySegment.TryRemove(segmentId, out _);

    private sealed record Entry(WeakReference<TenantIndex> Index, long Version, RoaringBitmap Ordinals, IReadOnlyCollection<long> Strays);
}
