using TagApi.Core.Data.Saving;
using TagApi.Core.Webhooks;

namespace TagApi.Core.Data;

/// <summary>
/// A unit of work whose transaction the caller owns (a request carrying an <c>Idempotency-Key</c> runs in one): the
/// notifications its saves owe wait for that commit, and a lost race (<see cref="ConflictRetry"/>) cannot be retried
/// inside it, so the caller is asked to run the whole work again.
/// </summary>
public abstract partial class TagApiDbContext
{
    private DeferredNotifications? _deferred;

    /// <summary>
    /// Set when work inside a caller's transaction lost a race it would have retried on its own: the transaction holds the
    /// loser's earlier writes (and on PostgreSQL may be aborted), so only the caller can roll it back and start over.
    /// </summary>
    public bool RestartRequested { get; internal set; }

    /// <summary>Holds a save's notifications until the caller's transaction commits (see <see cref="CommitPublisher"/>).</summary>
    internal void DeferUntilCommit(CommitNotifications notifications, OwedDeliveries owed, CommittedChange? change)
    {
        _deferred ??= new DeferredNotifications(notifications);
        _deferred.Add(owed, change);
    }

    /// <summary>
    /// When set, the commit does not wait for what its saves owe (this node's index taking in the change, then its
    /// subscribers): it starts telling them and leaves the task to <see cref="TakePublication"/>. A bulk job's chunk sets
    /// it, so the index re-reads one chunk's customers while the next chunk is written.
    /// </summary>
    public bool PublishesInBackground { get; set; }

    private Task? _publication;

    /// <summary>What the last commit started telling when <see cref="PublishesInBackground"/> was set (complete otherwise).</summary>
    public Task TakePublication()
    {
        var publication = _publication ?? Task.CompletedTask;
        _publication = null;
        return publication;
    }

    /// <summary>Tells what the committed transaction's saves owe; called once it has committed.</summary>
    internal async Task PublishDeferredAsync(CancellationToken ct)
    {
        var deferred = _deferred;
        _deferred = null;
        if (deferred is null)
        {
            return;
        }

        if (PublishesInBackground)
        {
            _publication = deferred.PublishAsync(ct);
            return;
        }

        await deferred.PublishAsync(ct);
    }

    /// <summary>Forgets what a transaction that did not commit owed.</summary>
    internal void DropDeferred() => _deferred = null;

    private void ForgetUnitOfWork()
    {
        _deferred = null;
        _publication = null;
        PublishesInBackground = false;
        RestartRequested = false;
    }
}
