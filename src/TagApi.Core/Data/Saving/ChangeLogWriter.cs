using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using TagApi.Core.Common;
using TagApi.Core.Rules;
using TagApi.Core.Segments.Engine;
using TagApi.Core.TagAssignments;
using TagApi.Core.Webhooks;

namespace TagApi.Core.Data.Saving;

/// <summary>
/// Save pipeline, step 1 — same transaction as the change. Derives the change log from the tracked changes: the events
/// (see <see cref="ChangeEvents"/>, the one place events come from, so no write path can forget one) and the tag
/// history rows the services staged. It also writes the whole change log — these rows and the index-log rows of
/// <see cref="IndexChangeLog"/> — in one write, through the provider's bulk hook where there is one, so every event
/// has its id before the outbox fan-out refers to it.
/// </summary>
public sealed class ChangeLogWriter(TimeProvider clock)
{
    /// <summary>What the save changes, captured before it (states and changed members are gone afterwards).</summary>
    internal static ChangeEvents Capture(ChangeTracker tracker, long? tenantId) => ChangeEvents.Capture(tracker, tenantBound: tenantId is not null);

    /// <summary>
    /// A provider that writes the change log in bulk writes the tag history rows with the rest of it, so they leave
    /// the tracked save: a batch of a thousand tag changes would otherwise insert a thousand rows one statement each.
    /// </summary>
    internal static void HoldBackLedger(TagApiDbContext db, ChangeEvents changes)
    {
        if (!db.WritesChangeLogInBulk)
        {
            return;
        }

        foreach (var line in changes.Ledger)
        {
            db.Entry(line).State = EntityState.Detached;
        }
    }

    /// <summary>The change log of a saved change (new rows have their ids now). Events carry the domain clock.</summary>
    internal ChangeLog Derive(ChangeEvents changes, long? tenantId)
    {
        var events = changes.ToEvents(clock.UtcNow()).ToList();
        foreach (var e in events.Where(e => e.TenantId == 0))
        {
            e.TenantId = tenantId ?? throw new InvalidOperationException("Only events that name their tenant are derived without one.");
        }

        return new ChangeLog(changes.Ledger, events);
    }

    /// <summary>Writes the change log; returns how many held-back ledger rows it wrote (counted as the tracked save would have).</summary>
    internal static async Task<int> WriteAsync(TagApiDbContext db, ChangeLog log, bool acceptAllChangesOnSuccess, CancellationToken ct)
    {
        if (log.IsEmpty)
        {
            // Only a before-commit step had work; there is nothing to log.
            return 0;
        }

        if (db.WritesChangeLogInBulk)
        {
            (log.Subscribed, log.TxStamp) = await db.InsertChangeLogAsync(log.Ledger, log.Index, log.Events, log.Owed, ct);
            return log.Ledger.Count;
        }

        // The ledger rows went with the tracked save; the index log, the owed rule evaluations and the events follow in
        // a second one.
        db.IndexChanges.AddRange(log.Index);
        db.OwedRuleEvaluations.AddRange(log.Owed);
        db.Events.AddRange(log.Events);
        db.StampTenant();
        await db.SaveTrackedAsync(acceptAllChangesOnSuccess, ct);
        return 0;
    }
}

/// <summary>The rows a save derives from its change, written together by <see cref="ChangeLogWriter.WriteAsync"/>.</summary>
internal sealed class ChangeLog(IReadOnlyList<TagHistoryEntry> ledger, IReadOnlyList<Event> events)
{
    /// <summary>Tag history rows (tag changes), in the order they were staged.</summary>
    public IReadOnlyList<TagHistoryEntry> Ledger { get; } = ledger;

    /// <summary>Events, in the order they are numbered.</summary>
    public IReadOnlyList<Event> Events { get; } = events;

    /// <summary>Index-log rows, added by <see cref="IndexChangeLog"/>.</summary>
    public List<IndexChange> Index { get; } = [];

    /// <summary>Rule evaluations the change owes, added by <see cref="IndexChangeLog"/>.</summary>
    public List<OwedRuleEvaluation> Owed { get; } = [];

    public bool IsEmpty => Ledger.Count + Events.Count + Index.Count + Owed.Count == 0;

    /// <summary>
    /// Whether an enabled webhook endpoint of the events' tenants existed when the log was written, if the provider
    /// read it in the same round trip; null when it did not (the fan-out reads the endpoints itself).
    /// </summary>
    public bool? Subscribed { get; set; }

    /// <summary>The stamp the provider gave the index-log rows (the writing transaction's), when it told it; null otherwise.</summary>
    public long? TxStamp { get; set; }
}
