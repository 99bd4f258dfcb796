using Microsoft.EntityFrameworkCore.ChangeTracking;
using TagApi.Core.Common;

namespace TagApi.Core.Data.Saving;

/// <summary>
/// Save pipeline, step 2 — same transaction as the change. Every instance keeps an in-memory index of each tenant's
/// customers; this step logs what the change touched (a row per customer, one for the tag structure) in the
/// index-change log that other instances tail, so their indexes follow a change they did not make. The rows go out
/// with the change log (<see cref="ChangeLogWriter.WriteAsync"/>). When the tag structure changed what names in
/// queries match, the projections of those queries are marked redefined here too (see <see cref="RedefinedProjections"/>).
/// This instance's own index is brought up to date after the commit, by <see cref="CommitNotifications"/>.
/// </summary>
public sealed class IndexChangeLog(TimeProvider clock)
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
        }
    }

    /// <summary>What a committed save tells this instance's index and subscribers; null when it touched nothing indexed.</summary>
    internal static CommittedChange? Committed(IndexChanges touched, long tenantId) =>
        touched.Any ? new CommittedChange(tenantId, touched.CustomerIds(), touched.ActivityCustomers, touched.CatalogChanged) : null;
}
