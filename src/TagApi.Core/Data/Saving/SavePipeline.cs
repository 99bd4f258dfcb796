using Microsoft.EntityFrameworkCore;
using TagApi.Core.Conditional;
using TagApi.Core.Webhooks;

namespace TagApi.Core.Data.Saving;

/// <summary>
/// What <see cref="TagApiDbContext.SaveChangesAsync(bool, CancellationToken)"/> does, in the order it does it.
/// Inside one transaction (the save's own, or the caller's when one is open), after the tracked changes themselves:
/// <list type="number">
/// <item><see cref="ChangeLogWriter"/> — events and tag history rows derived from those changes;</item>
/// <item><see cref="IndexChangeLog"/> — the rows other instances follow to keep their indexes true, and the rule
/// evaluations the change owes, written with the change log in one write (which gives the events their ids);</item>
/// <item><see cref="OutboxFanOut"/> — one delivery row per subscribed endpoint and event;</item>
/// <item>every <see cref="IBeforeCommitStep"/> (the extension slot), last before the commit;</item>
/// </list>
/// then the commit, then <see cref="CommitNotifications"/> — in memory, only after the commit: this save's own, or the
/// caller's when the save ran under its transaction (<see cref="CommitPublisher"/>). Before all of it, <see cref="Revisions"/>
/// moves the revisions of the resources the change touches.
/// A failure anywhere before the commit rolls all of it back, so there is no change without its events, history,
/// index-log rows and deliveries, and no notification for a change that did not commit.
/// </summary>
public sealed class SavePipeline(
    ChangeLogWriter changeLog, IndexChangeLog indexLog, OutboxFanOut? fanOut, CommitNotifications? notifications, IEnumerable<IBeforeCommitStep> beforeCommit,
    Preconditions? preconditions = null)
{
    private readonly IBeforeCommitStep[] _beforeCommit = [.. beforeCommit];

    /// <summary>The pipeline of a context bound to no unit of work: the change log is written, nothing is fanned out or told.</summary>
    internal static SavePipeline Unbound { get; } = new(new ChangeLogWriter(TimeProvider.System), new IndexChangeLog(TimeProvider.System), null, null, []);

    internal async Task<int> SaveAsync(TagApiDbContext db, bool acceptAllChangesOnSuccess, CancellationToken ct)
    {
        db.StampTenant();
        Revisions.Stamp(db.ChangeTracker);
        // A save made by a step of a running pipeline (the outbox fan-out saving its deliveries) is part of that
        // pipeline's work: it derives nothing of its own.
        if (db.InSavePipeline)
        {
            return await db.SaveTrackedAsync(acceptAllChangesOnSuccess, ct);
        }

        // Without a tenant (the dispatcher, serving every tenant) nothing is indexed, and only the events that name
        // their own tenant are derived: the endpoints it disables. They go through the outbox all the same.
        var tenantId = db.BoundTenantId;
        var touched = IndexChangeLog.Capture(db.ChangeTracker, tenantId);
        var changes = ChangeLogWriter.Capture(db.ChangeTracker, tenantId);
        if (!(touched.Any || changes.Any || _beforeCommit.Any(s => s.Pending)))
        {
            return await Revisions.SaveAsync(db, acceptAllChangesOnSuccess, preconditions, ct);
        }

        var ownTransaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        int saved;
        ChangeLog log;
        OwedDeliveries owed;
        await using (ownTransaction)
        {
            db.InSavePipeline = true;
            try
            {
                ChangeLogWriter.HoldBackLedger(db, changes);
                // The change itself. New rows' ids exist only after this save, so what is derived from them follows.
                saved = await Revisions.SaveAsync(db, acceptAllChangesOnSuccess, preconditions, ct);
                // 1. ChangeLogWriter and 2. IndexChangeLog derive their rows, written together in one write.
                log = changeLog.Derive(changes, tenantId);
                await indexLog.AddAsync(db, touched, tenantId, log, ct);
                saved += await ChangeLogWriter.WriteAsync(db, log, acceptAllChangesOnSuccess, ct);
                // 3. OutboxFanOut. Deliveries are born claimed by this instance's dispatcher only when this save commits
                // them: under a caller's transaction it could not hand them over after the commit.
                owed = fanOut is null ? OwedDeliveries.None : await fanOut.FanOutAsync(db, log.Events, claimAtBirth: ownTransaction is not null, ct);
                // 4. The before-commit steps, last.
                await RunBeforeCommitStepsAsync(db, log, acceptAllChangesOnSuccess, ct);
            }
            finally
            {
                db.InSavePipeline = false;
            }

            if (ownTransaction is not null)
            {
                await ownTransaction.CommitAsync(ct);
            }
        }

        // Under a caller's transaction nothing is committed yet: what the save owes is told when that transaction commits
        // (CommitPublisher), and not at all if it rolls back.
        if (notifications is not null)
        {
            var committed = tenantId is { } changed ? IndexChangeLog.Committed(touched, changed, log) : null;
            if (ownTransaction is not null)
            {
                await notifications.AfterSaveAsync(owed, committed, ct);
            }
            else
            {
                db.DeferUntilCommit(notifications, owed, committed);
            }
        }

        return saved;
    }

    // Last before the commit, so what a step writes commits with the change or not at all. What the steps add to or
    // change in the context is written by one save after the last step, outside the pipeline (it derives nothing).
    private async Task RunBeforeCommitStepsAsync(TagApiDbContext db, ChangeLog log, bool acceptAllChangesOnSuccess, CancellationToken ct)
    {
        var ran = false;
        foreach (var step in _beforeCommit.Where(s => s.Pending))
        {
            await step.RunAsync(new SaveInProgress(db, db.BoundTenantId, log.Events), ct);
            ran = true;
        }

        if (ran)
        {
            db.ChangeTracker.DetectChanges();
            db.StampTenant();
            await db.SaveTrackedAsync(acceptAllChangesOnSuccess, ct);
        }
    }
}
