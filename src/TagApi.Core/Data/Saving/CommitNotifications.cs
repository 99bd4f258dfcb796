using System.Collections.Concurrent;
using TagApi.Core.Segments.Engine;
using TagApi.Core.Webhooks;

namespace TagApi.Core.Data.Saving;

/// <summary>
/// Save pipeline, after the commit — in memory, on this instance only. In order: the deliveries born claimed go to
/// the webhook dispatcher (the rest wake it: a hint, as it also polls); then, only for a change the save itself
/// committed, this instance's index reads
/// the changed customers again, so the caller's next query sees its own write; then every subscriber of
/// <see cref="Committed"/> hears of the change (the rule evaluator and the membership projector queue its customers).
/// Other instances learn of the change from the index-change log and their periodic passes, and a crash between the
/// commit and this step loses nothing those passes do not catch up.
/// </summary>
public sealed class CommitNotifications(SegmentEngine engine, WebhookOutbox outbox)
{
    private readonly ConcurrentDictionary<long, IndexApplyQueue> _applying = new();

    /// <summary>Raised after this instance's index has taken in a committed change.</summary>
    public event Action<CommittedChange>? Committed;

    /// <summary>
    /// Tells the index and the subscribers of a committed change. Saves under a transaction their caller owns have theirs
    /// told when that transaction commits (<see cref="CommitPublisher"/>).
    /// </summary>
    public async Task PublishAsync(CommittedChange change, CancellationToken ct)
    {
        await _applying.GetOrAdd(change.TenantId, tenant => new IndexApplyQueue(engine, tenant)).ApplyAsync(change, ct);
        Committed?.Invoke(change);
    }

    /// <summary>
    /// Publishes a change its caller wrote around the save pipeline (a bulk import's COPY): at once when no transaction is
    /// open on <paramref name="db"/>, otherwise when that transaction commits (and not at all if it does not).
    /// </summary>
    public Task PublishWhenCommittedAsync(TagApiDbContext db, CommittedChange change, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is null)
        {
            return PublishAsync(change, ct);
        }

        db.DeferUntilCommit(this, OwedDeliveries.None, change);
        return Task.CompletedTask;
    }

    /// <summary>
    /// After a save: hands over what its fan-out owes and publishes <paramref name="change"/> (null when the save did
    /// not commit it, or touched nothing indexed). Under a caller's transaction nothing was born claimed, so the
    /// dispatcher is only woken; what it cannot see yet it finds at a later wake-up or poll.
    /// </summary>
    internal async Task AfterSaveAsync(OwedDeliveries owed, CommittedChange? change, CancellationToken ct)
    {
        if (owed.Count > 0)
        {
            await outbox.HandOffAsync(owed);
        }

        if (change is not null)
        {
            await PublishAsync(change, ct);
        }
    }
}
