using Microsoft.EntityFrameworkCore;
using TagApi.Core.Common;
using TagApi.Core.Data;
using TagApi.Core.Segments.Engine;
using TagApi.Core.Segments.Index;
using TagApi.Core.Segments.Query;

namespace TagApi.Core.Segments.Membership;

/// <summary>What one projection of a segment's membership wrote.</summary>
/// <param name="SegmentId">The segment.</param>
/// <param name="Trigger"><c>change</c> (some customers changed), <c>scheduled</c>, <c>definition</c> (the query changed) or <c>baseline</c>.</param>
/// <param name="Entered">Customers who entered.</param>
/// <param name="Exited">Customers who left.</param>
public sealed record MembershipRun(long SegmentId, string Trigger, long Entered, long Exited);

/// <summary>
/// Keeps a segment's member rows equal to its query and announces every difference: evaluates the
/// query against the index (for every customer, or just the ones that changed), diffs it against
/// the rows, and writes entries and exits — each with its <c>segment.entered</c>/<c>segment.exited</c>
/// event in the same transaction. The rows are the projector's memory: whatever a crash interrupts,
/// the next run diffs against what was committed, so no change is lost and none announced twice.
/// A new segment's first run writes its baseline silently. One run per segment at a time, under a lease.
/// </summary>
public sealed class MembershipProjector(
    TagApiDbContext db, SegmentEngine engine, IndexFollower follower, MembershipCache cache, MembershipSettings settings, TimeProvider clock)
{
    private const int ChunkSize = 1000;
    private const int SilentChunkSize = 50_000;

    /// <summary>
    /// Projects the segment for every customer (<paramref name="customerIds"/> null) or only the
    /// given ones; null when another run holds the segment or the segment is gone.
    /// </summary>
    public async Task<MembershipRun?> ProjectAsync(long segmentId, IReadOnlyCollection<long>? customerIds, CancellationToken ct)
    {
        var lease = Leases.NewToken();
        if (!await Leases.TryTakeAsync(db.Segments, segmentId, lease, clock.UtcNow(), settings.Lease, ct))
        {
            return null;
        }

        try
        {
            return await ProjectLeasedAsync(segmentId, lease, customerIds, ct);
        }
        catch
        {
            // Part of the diff may be written; the rows are the truth, so read them again next time.
            cache.Forget(segmentId);
            throw;
        }
        finally
        {
            db.ChangeTracker.Clear();
            await Leases.ReleaseAsync(db.Segments, segmentId, lease);
        }
    }

    private async Task<MembershipRun?> ProjectLeasedAsync(long segmentId, string lease, IReadOnlyCollection<long>? customerIds, CancellationToken ct)
    {
        // The index and the saved queries are read before the segment row. A change to the tag
        // structure or to a named segment marks this segment redefined in its own transaction, so one
        // committed before these reads is seen on the row (and makes this a full run), and one
        // committed after them is not in what this run evaluates: an incremental run never announces
        // a definition change as the changed customers' own.
        var index = await engine.IndexAsync(db.Tenant.RequiredTenantId, ct);
        var snapshot = index.Current;
        var saved = await SegmentCatalog.SavedQueriesAsync(db, ct);
        var segment = await db.Segments.FirstOrDefaultAsync(s => s.Id == segmentId, ct);
        if (segment is null)
        {
            return null;
        }

        var baseline = segment.MembersSyncedAt is null;
        if (!baseline && customerIds is not null && segment.MembersSyncedAt < segment.UpdatedAt)
        {
            // The definition changed since the last full run: answering only for the changed
            // customers would announce part of the query change as theirs, so project everyone now.
            customerIds = null;
        }

        var trigger = baseline ? "baseline" : customerIds is not null ? "change" : segment.MembersSyncedAt < segment.UpdatedAt ? "definition" : "scheduled";
        if (baseline && customerIds is not null)
        {
            // The first full run writes the baseline; until then there is nothing to diff against.
            return new MembershipRun(segmentId, trigger, 0, 0);
        }

        // A full run evaluates against an index that has seen every commit so far, other instances'
        // included, so a lagging index does not announce an exit that is only its own staleness. An
        // incremental run answers for this instance's own commits, which its index already holds.
        if (customerIds is null)
        {
            await follower.FollowOnceAsync(ct);
            snapshot = index.Current;
        }

        var now = clock.UtcNow();
        var members = cache.Get(segmentId, index, segment.MembersVersion) ?? await LoadAsync(segment, index, ct);

        var within = customerIds is null ? null : RoaringBitmap.FromSorted(customerIds.Select(snapshot.OrdinalHeldBy).OfType<int>().Distinct().Order().ToArray());
        var desired = Evaluate(snapshot, saved, segment.Query, now, within);
        var current = within is null ? members.Ordinals : RoaringBitmap.And(members.Ordinals, within);
        var entering = RoaringBitmap.AndNot(desired, current);
        var leaving = RoaringBitmap.AndNot(current, desired);
        var strays = customerIds is null ? members.Strays : members.Strays.Intersect(customerIds).ToList();
        var gone = await GoneAsync(strays, ct);

        var diff = new MembershipDiff(
            [.. entering.Enumerate().Select(snapshot.CustomerIdAt)],
            [.. leaving.Enumerate().Select(snapshot.CustomerIdAt).Concat(gone)],
            baseline ? null : trigger);
        await WriteAsync(segment, lease, diff, now, ct);
        if (customerIds is null)
        {
            // Synced only if the definition this run evaluated is still the current one: a query
            // change (or a referenced segment's) committed meanwhile keeps the segment due.
            var (definedAt, syncedAt) = (segment.UpdatedAt, segment.MembersSyncedAt);
            await db.Segments.Where(s => s.Id == segmentId && s.UpdatedAt == definedAt && s.MembersSyncedAt == syncedAt)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.MembersSyncedAt, now), ct);
        }

        var ordinals = members.Ordinals.Clone();
        ordinals.OrWith(entering);
        ordinals.AndNotWith(leaving);
        cache.Put(segmentId, new ProjectedMembers(index, segment.MembersVersion, ordinals, [.. members.Strays.Except(gone)]));
        return new MembershipRun(segmentId, trigger, diff.Entered.Count, diff.Exited.Count);
    }

    private static RoaringBitmap Evaluate(IndexSnapshot snapshot, Dictionary<string, QueryNode> saved, string query, DateTime now, RoaringBitmap? within)
    {
        var expression = new QueryCompiler(snapshot, key => saved.GetValueOrDefault(key), now, within).Compile(SegmentQueryParser.Parse(query));
        return snapshot.Evaluator.Materialize(within is null ? expression : BitmapExpression.And(BitmapExpression.Leaf(within), expression));
    }

    // The rows as the index numbers customers; ids it has never seen are kept aside.
    private async Task<ProjectedMembers> LoadAsync(Segment segment, TenantIndex index, CancellationToken ct)
    {
        var snapshot = index.Current;
        var ids = await db.SegmentMembers.AsNoTracking().Where(m => m.SegmentId == segment.Id).Select(m => m.CustomerId).ToListAsync(ct);
        var ordinals = new List<int>(ids.Count);
        var strays = new List<long>();
        foreach (var id in ids)
        {
            if (snapshot.OrdinalHeldBy(id) is { } ordinal)
            {
                ordinals.Add(ordinal);
            }
            else
            {
                strays.Add(id);
            }
        }

        ordinals.Sort();
        return new ProjectedMembers(index, segment.MembersVersion, RoaringBitmap.FromSorted(ordinals.ToArray()), strays);
    }

    // Members the index does not know: gone when the customer no longer exists; a customer too new
    // for this index stays a member until the index catches up.
    private async Task<List<long>> GoneAsync(IReadOnlyCollection<long> strays, CancellationToken ct)
    {
        if (strays.Count == 0)
        {
            return [];
        }

        var existing = await db.Customers.AsNoTracking().Where(c => strays.Contains(c.Id)).Select(c => c.Id).ToListAsync(ct);
        return [.. strays.Except(existing)];
    }

    // In transactions of a thousand customers (a silent baseline: of fifty thousand, its new rows
    // copied in bulk): member rows, their events (derived by the save) and the segment's new members
    // version commit together.
    private async Task WriteAsync(Segment segment, string lease, MembershipDiff diff, DateTime now, CancellationToken ct)
    {
        foreach (var chunk in diff.Chunks(diff.Trigger is null ? SilentChunkSize : ChunkSize))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            // The lease is renewed inside the chunk's transaction, so the segment row stays locked
            // until the chunk commits: a run that stalled past its lease cannot be overtaken while it
            // writes (a taker waits for the commit and then finds the lease renewed), and one that
            // lost the lease before it writes stops here. So two runs never interleave their entries
            // and exits, and event ids follow the order the membership changed.
            if (!await Leases.TryRenewAsync(db.Segments, segment.Id, lease, clock.UtcNow() + settings.Lease, ct))
            {
                throw new InvalidOperationException($"Lost the lease on segment {segment.Id} while projecting its membership.");
            }

            var externalIds = diff.Trigger is null ? [] : await ExternalIdsAsync(chunk, ct);
            var silentEntries = new List<SegmentMember>();
            foreach (var (customerId, entered) in chunk)
            {
                var notice = diff.Trigger is null ? null : new MembershipNotice(segment.Key, externalIds.GetValueOrDefault(customerId), diff.Trigger);
                var member = new SegmentMember { TenantId = segment.TenantId, SegmentId = segment.Id, CustomerId = customerId, EnteredAt = now, Notice = notice };
                if (entered && notice is null)
                {
                    silentEntries.Add(member);
                }
                else if (entered)
                {
                    db.SegmentMembers.Add(member);
                }
                else
                {
                    db.SegmentMembers.Remove(member);
                }
            }

            segment.MembersVersion++;
            if (silentEntries.Count > 0)
            {
                await db.InsertSilentSegmentMembersAsync(silentEntries, ct);
            }

            // The dispatcher wakes once the transaction commits.
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            foreach (var entry in db.ChangeTracker.Entries<SegmentMember>().ToList())
            {
                entry.State = EntityState.Detached;
            }
        }
    }

    private async Task<Dictionary<long, string?>> ExternalIdsAsync(IReadOnlyList<(long CustomerId, bool Entered)> chunk, CancellationToken ct)
    {
        var ids = chunk.Select(c => c.CustomerId).ToList();
        return await db.Customers.AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => (string?)c.ExternalId, ct);
    }
}

/// <summary>Customers entering and leaving a segment; <see cref="Trigger"/> null writes them silently.</summary>
internal sealed record MembershipDiff(IReadOnlyList<long> Entered, IReadOnlyList<long> Exited, string? Trigger)
{
    public IEnumerable<IReadOnlyList<(long CustomerId, bool Entered)>> Chunks(int size) =>
        Entered.Select(id => (id, true)).Concat(Exited.Select(id => (id, false))).Chunk(size);
}
