using Microsoft.EntityFrameworkCore.ChangeTracking;
using TagApi.Core.Common;
using TagApi.Core.Rules;

namespace TagApi.Core.Data.Saving;

/// <summary>
/// Save pipeline, step 2 — same transaction as the change. Every instance keeps an in-memory index of each tenant's
/// customers; this step logs what the change touched (a row per customer, one for the tag structure) in the
/// index-change log that other instances tail, so their indexes follow a change they did not make. The rows go out
/// with the change log (<see cref="ChangeLogWriter.WriteAsync"/>). When the tag structure changed what names in
/// queries match, the projections of those queries are marked redefined here too (see <see cref="RedefinedProjections"/>).
/// This instance's own index is brought up to date after the commit, by <see cref="CommitNotifications"/>.
/// With the log rows goes one <see cref="OwedRuleEvaluation"/> row per thousand changed customers, so the rules owed
/// to the change are evaluated even if this instance dies right after the commit: born held by this instance's rule
/// worker when it runs (it evaluates them from memory and deletes the row), otherwise free for any instance's worker.
/// Under a caller's transaction too: the rows commit or roll back with the change, and the deferred notification
/// carries their ids (see <see cref="CommitPublisher"/>).
/// </summary>
public sealed class IndexChangeLog(TimeProvider clock, RuleTriggers? rules = null)
{
    /// <summary>What the save touches that the index mirrors; nothing for a save without a tenant.</summary>
    internal static IndexChanges Capture(ChangeTracker tracker, long? tenantId) => tenantId is null ? IndexChanges.None : IndexChanges.Collect(tracker);

    /// <summary>After the change is saved (new customers have their ids): marks redefined projections, stages the log rows.</summary>
    internal async Task AddAsync(TagApiDbContext db, IndexChanges touched, long? tenantId, ChangeLog log, CancellationToken ct)
    {
        if (touched.MeaningChanged)
        {
            await RedefinedProjections.MarkAsync(db, clock.UtcNow(), ct);
        }

        // Read against the real clock by other instances (their late-commit window), not the domain clock.
        if (tenantId is { } indexed)
        {
            log.Index.AddRange(touched.ToLog(indexed, DateTime.UtcNow));
            if (touched.CustomerIds() is { Count: > 0 } customers)
            {
                log.Owed.AddRange(OwedRuleEvaluation.For(indexed, customers, clock.UtcNow(), rules?.BornHold));
            }
        }
    }

    /// <summary>What a committed save tells this instance's index and subscribers; null when it touched nothing indexed.</summary>
    internal static CommittedChange? Committed(IndexChanges touched, long tenantId, ChangeLog log) =>
        touched.Any
            ? new CommittedChange(tenantId, touched.CustomerIds(), touched.ActivityCustomers, touched.CatalogChanged, [.. log.Owed.Select(o => o.Id)])
            {
                TxStamps = log.TxStamp is { } stamp ? [stamp] : [],
            }
            : null;
}
