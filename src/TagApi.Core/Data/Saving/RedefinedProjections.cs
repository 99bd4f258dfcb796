using Microsoft.EntityFrameworkCore;
using TagApi.Core.Segments;

namespace TagApi.Core.Data.Saving;

/// <summary>
/// Segment memberships and rule tags are projections of queries that name tags and categories. When
/// the tag structure changes what those names match, no customer is touched, so the per-customer
/// triggers never fire: instead, in the same transaction as the change, every projected segment is
/// marked redefined and every rule due now. The periodic passes of any instance then run them in full
/// within seconds, and a crash cannot lose the mark.
/// </summary>
internal static class RedefinedProjections
{
    public static async Task MarkAsync(TagApiDbContext db, DateTime now, CancellationToken ct)
    {
        await db.Segments.Where(s => s.MembersSyncedAt != null)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.MembersSyncedAt, Segment.RedefinedMarker), ct);
        // Rules already due are marked too: a run in progress may have read the old structure, and a
        // due time that moved under it keeps the rule due after it finishes.
        // The due time is part of what a rule shows, so its revision (its ETag) moves with it.
        await db.Rules.Where(r => r.Enabled)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.NextEvaluationAt, now).SetProperty(r => r.Revision, r => r.Revision + 1), ct);
    }
}
