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
                saved = await SaveChangeAsync(db, acceptAllChangesOnSuccess, withSavepoint: ownTransaction is null || Revisions.MayRetry(db.ChangeTracker), ct);
                (log, owed, var logged) = await AfterChangeAsync(db, touched, changes, tenantId, acceptAllChangesOnSuccess, claimAtBirth: ownTransaction is not null, ct);
                saved += logged;
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

        await NotifyAsync(db, touched, tenantId, log, owed, committedHere: ownTransaction is not null, ct);
        return saved;
    }

    // EF sets a savepoint before a save inside a transaction, so a failed save can be undone alone: Revisions saves a
    // lost race on a revised resource again inside the same transaction. A transaction of the save's own that changes no
    // revised resource is rolled back whole on any failure, so there the savepoint (and its release) would be two round
    // trips for nothing.
    private async Task<int> SaveChangeAsync(TagApiDbContext db, bool acceptAllChangesOnSuccess, bool withSavepoint, CancellationToken ct)
    {
        var savepoints = db.Database.AutoSavepointsEnabled;
        db.Database.AutoSavepointsEnabled = savepoints && withSavepoint;
        try
        {
            return await Revisions.SaveAsync(db, acceptAllChangesOnSuccess, preconditions, ct);
        }
        finally
        {
            db.Database.AutoSavepointsEnabled = savepoints;
        }
    }

    /// <summary>
    /// The pipeline for a change its caller already wrote around the change tracker (a bulk import's set-based write),
    /// inside the caller's transaction: the same steps after the change — change log, index log, outbox fan-out,
    /// before-commit steps — and the same notifications when that transaction commits, derived from what
    /// <paramref name="written"/> describes instead of from tracked entries.
    /// </summary>
    internal async Task SaveWrittenAsync(TagApiDbContext db, WrittenChange written, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("A change written around the change tracker is logged in the transaction that wrote it.");
        }

        var tenantId = db.BoundTenantId ?? throw new InvalidOperationException("A written change belongs to the unit of work's tenant.");
        var touched = written.ToIndexChanges();
        var changes = written.ToChangeEvents();
        if (!(touched.Any || changes.Any))
        {
            return;
        }

        ChangeLog log;
        OwedDeliveries owed;
        db.InSavePipeline = true;
        try
        {
            (log, owed, _) = await AfterChangeAsync(db, touched, changes, tenantId, acceptAllChangesOnSuccess: true, claimAtBirth: false, ct);
        }
        finally
        {
            db.InSavePipeline = false;
        }

        await NotifyAsync(db, touched, tenantId, log, owed, committedHere: false, ct);
    }

    // Steps 1 to 4, after the change itself, in its transaction.
    private async Task<(ChangeLog Log, OwedDeliveries Owed, int Logged)> AfterChangeAsync(
        TagApiDbContext db, IndexChanges touched, ChangeEvents changes, long? tenantId, bool acceptAllChangesOnSuccess, bool claimAtBirth, CancellationToken ct)
    {
        // 1. ChangeLogWriter and 2. IndexChangeLog derive their rows, written together in one write.
        var log = changeLog.Derive(changes, tenantId);
        await indexLog.AddAsync(db, touched, tenantId, log, ct);
        var logged = await ChangeLogWriter.WriteAsync(db, log, acceptAllChangesOnSuccess, ct);
        // 3. OutboxFanOut. Deliveries are born claimed by this instance's dispatcher only when this save commits
        // them: under a caller's transaction it could not hand them over after the commit.
        var owed = fanOut is null ? OwedDeliveries.None : await fanOut.FanOutAsync(db, log.Events, log.Subscribed, claimAtBirth, ct);
        // 4. The before-commit steps, last.
        await RunBeforeCommitStepsAsync(db, log, acceptAllChangesOnSuccess, ct);
        return (log, owed, logged);
    }

    // Under a caller's transaction nothing is committed yet: what the save owes is told when that transaction commits
    // (CommitPublisher), and not at all if it rolls back.
    private async Task NotifyAsync(TagApiDbContext db, IndexChanges touched, long? tenantId, ChangeLog log, OwedDeliveries owed, bool committedHere, CancellationToken ct)
    {
        if (notifications is null)
        {
            return;
        }

        var committed = tenantId is { } changed ? IndexChangeLog.Committed(touched, changed, log) : null;
        if (committedHere)
        {
            await notifications.AfterSaveAsync(owed, committed, ct);
        }
        else
        {
            db.DeferUntilCommit(notifications, owed, committed);
        }
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
