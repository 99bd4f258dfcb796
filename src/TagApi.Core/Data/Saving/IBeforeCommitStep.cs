using TagApi.Core.Webhooks;

namespace TagApi.Core.Data.Saving;

/// <summary>
/// Save pipeline, step 4 — the extension point: same transaction as the change, after the change log, the index log
/// and the outbox fan-out, last before the commit. What a step writes commits with the change or not at all, and it
/// sees everything the save wrote (the events have their ids). For rows that must exist exactly when the change does.
/// (The stored outcome of a request carrying an <c>Idempotency-Key</c> is such a row, but it is known only once the
/// response is, after the request's last save: it is written right before that request's own commit instead.)
/// Register an implementation as a scoped service: every context rented in that scope runs it, in registration order.
/// </summary>
public interface IBeforeCommitStep
{
    /// <summary>
    /// True when this save has something for the step to write. A save that derives nothing still runs the pipeline
    /// (and a transaction) while a step is pending; otherwise it is a plain save.
    /// </summary>
    bool Pending { get; }

    /// <summary>
    /// Adds or changes rows through <see cref="SaveInProgress.Db"/>. Do not save: the pipeline writes what every step
    /// staged with one save after the last of them, then commits.
    /// </summary>
    Task RunAsync(SaveInProgress save, CancellationToken ct);
}

/// <summary>A save inside its transaction, as a <see cref="IBeforeCommitStep"/> sees it.</summary>
/// <param name="Db">The context saving (bound to the unit of work, its transaction open).</param>
/// <param name="TenantId">The unit of work's tenant; null for a save that serves every tenant (the dispatcher's).</param>
/// <param name="Events">The events the save logged, with their ids.</param>
public sealed record SaveInProgress(TagApiDbContext Db, long? TenantId, IReadOnlyList<Event> Events);
