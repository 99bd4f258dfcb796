using Microsoft.EntityFrameworkCore;
using TagApi.Core.Activities;
using TagApi.Core.Customers;
using TagApi.Core.Data.Saving;
using TagApi.Core.Rules;
using TagApi.Core.Segments.Engine;
using TagApi.Core.Segments.Membership;
using TagApi.Core.TagAssignments;
using TagApi.Core.Webhooks;

namespace TagApi.Core.Data;

/// <summary>
/// The statements a provider writes its own way. Each provider's subclass in TagApi.Data overrides these (binary COPY,
/// set-based updates over arrays, its own row locking); Core states what each must do and never asks which provider
/// it runs on.
/// </summary>
public abstract partial class TagApiDbContext
{
    /// <summary>
    /// Writes many activities inside the current transaction. The default stages them for the next
    /// save and returns false; a provider with a faster bulk path (PostgreSQL binary COPY) writes
    /// them at once, around the change tracker, and returns true.
    /// A duplicate external id surfaces as a <see cref="DbUpdateException"/> either way.
    /// </summary>
    public virtual Task<bool> InsertActivitiesAsync(IReadOnlyList<Activity> activities, CancellationToken ct)
    {
        Activities.AddRange(activities);
        return Task.FromResult(false);
    }

    /// <summary>
    /// True when the provider writes a bulk import's customers around the change tracker (<see cref="WriteCustomersAsync"/>);
    /// the others import them through a tracked save of the whole chunk.
    /// </summary>
    protected internal virtual bool WritesCustomersInBulk => false;

    /// <summary>
    /// Writes a chunk of imported customers inside the current transaction, around the change tracker: inserts
    /// <paramref name="created"/> (giving each its id, in list order) and updates every column of each of
    /// <paramref name="updated"/> but its metrics, each only if its version is still the expected one. A customer whose
    /// version moved meanwhile surfaces as a <see cref="DbUpdateConcurrencyException"/> and a concurrent duplicate
    /// external id as a <see cref="DbUpdateException"/> (unique violation), as a tracked save would raise them.
    /// Only called when <see cref="WritesCustomersInBulk"/>; PostgreSQL uses binary COPY and one statement over arrays.
    /// </summary>
    protected internal virtual Task WriteCustomersAsync(IReadOnlyList<Customer> created, IReadOnlyList<(Customer Customer, long ExpectedVersion)> updated, CancellationToken ct) =>
        throw new NotSupportedException("This provider imports customers through the change tracker.");

    /// <summary>
    /// Reads the customers of the unit of work's tenant that have the given external ids, as plain rows nothing tracks:
    /// id, version, times and every field an import replaces (not the metrics, which an import leaves alone). Only called
    /// when <see cref="WritesCustomersInBulk"/>; PostgreSQL looks each external id up in its unique index.
    /// </summary>
    protected internal virtual Task<List<Customer>> ReadCustomersByExternalIdAsync(IReadOnlyList<string> externalIds, CancellationToken ct) =>
        throw new NotSupportedException("This provider imports customers through the change tracker.");

    /// <summary>
    /// Brings the planner statistics of those of these entities' tables up to date that a bulk job grew enough for a
    /// cached plan to be wrong. The default does nothing: SQLite plans from the indexes it has.
    /// </summary>
    public virtual Task RefreshStatisticsAsync(IReadOnlyList<Type> entities, CancellationToken ct) => Task.CompletedTask;

    /// <summary>
    /// The tenant's customers with the given external ids, as external id → id. PostgreSQL looks each id up in the
    /// unique index (see its override): a plain <c>= ANY</c> gets a cached plan that scans while an import fills a table
    /// that has no statistics yet.
    /// </summary>
    protected internal virtual Task<Dictionary<string, long>> ReadCustomerIdsByExternalIdAsync(IReadOnlyList<string> externalIds, CancellationToken ct) =>
        Customers.Where(c => externalIds.Contains(c.ExternalId)).Select(c => new { c.ExternalId, c.Id })
            .ToDictionaryAsync(c => c.ExternalId, c => c.Id, StringComparer.Ordinal, ct);

    /// <summary>
    /// Streams the rows of an export's read (see <see cref="CustomerExportRead"/>) in id order, skipping ids that no
    /// longer exist. The default reads through EF; PostgreSQL streams one statement's rows straight off its reader, so
    /// a million rows cost no more than the database's own scan and their decoding.
    /// </summary>
    public virtual IAsyncEnumerable<CustomerExportRow> ReadExportRowsAsync(CustomerExportRead read, CancellationToken ct)
    {
        var customers = Customers.AsNoTracking();
        var rows = read.Keys is { } keys
            ? customers.Where(c => keys.Contains(c.Id))
            : customers.Where(c => c.Id >= read.First && c.Id <= read.Last);
        return rows.OrderBy(c => c.Id)
            .Select(c => new CustomerExportRow(c.Id, read.WithExternalId ? c.ExternalId : null, read.WithEmail ? c.Email : null))
            .AsAsyncEnumerable();
    }

    /// <summary>The tenant's activities that already have one of the given external ids, as external id → (id, customer).</summary>
    protected internal virtual Task<Dictionary<string, (long Id, long CustomerId)>> ReadActivitiesByExternalIdAsync(IReadOnlyList<string> externalIds, CancellationToken ct) =>
        Activities.AsNoTracking().Where(a => externalIds.Contains(a.ExternalId!))
            .ToDictionaryAsync(a => a.ExternalId!, a => (a.Id, a.CustomerId), StringComparer.Ordinal, ct);

    /// <summary>
    /// Writes a chunk of staged tag changes inside the current transaction, around the change tracker: deletes
    /// <paramref name="removed"/>, inserts <paramref name="added"/>, sets the expiry of <paramref name="expiring"/>, and
    /// moves each customer of <paramref name="versions"/> to its new version if it still has the expected one (else a
    /// <see cref="DbUpdateConcurrencyException"/>; a concurrent insert of the same assignment is a unique violation).
    /// Only called when <see cref="WritesTagChangesInBulk"/>; PostgreSQL uses binary COPY and statements over arrays.
    /// </summary>
    protected internal virtual Task WriteTagChangesAsync(
        IReadOnlyList<TagAssignment> added, IReadOnlyList<TagAssignment> removed, IReadOnlyList<TagAssignment> expiring,
        IReadOnlyList<(long CustomerId, long ExpectedVersion, long Version)> versions, CancellationToken ct) =>
        throw new NotSupportedException("This provider saves tag changes through the change tracker.");

    /// <summary>True when the provider writes an import's tag changes around the change tracker (<see cref="WriteTagChangesAsync"/>).</summary>
    protected internal virtual bool WritesTagChangesInBulk => false;

    /// <summary>
    /// Adds per-customer metric deltas (see <see cref="MetricsFolder.Merge"/>) and bumps each
    /// customer's version, inside the current transaction. The default goes through tracked
    /// entities; a provider may do it in one set-based statement. Relative updates need no
    /// concurrency check: a concurrent writer still sees the version move and retries.
    /// </summary>
    public virtual async Task AddMetricsAsync(IReadOnlyDictionary<long, CustomerMetrics> deltas, CancellationToken ct)
    {
        var ids = deltas.Keys.ToList();
        foreach (var customer in await Customers.Where(c => ids.Contains(c.Id)).ToListAsync(ct))
        {
            MetricsFolder.Merge(customer.Metrics, deltas[customer.Id]);
            customer.Version++;
        }

        await SaveChangesAsync(ct);
    }

    /// <summary>
    /// Writes webhook deliveries (the outbox fan-out) inside the current transaction, each with its tenant set.
    /// The default stages them for the next save (which gives them their ids) and returns false; PostgreSQL writes
    /// them at once with binary COPY, their ids drawn first, and returns true.
    /// </summary>
    public virtual Task<bool> InsertWebhookDeliveriesAsync(IReadOnlyList<WebhookDelivery> deliveries, CancellationToken ct)
    {
        WebhookDeliveries.AddRange(deliveries);
        return Task.FromResult(false);
    }

    /// <summary>Writes the attempt log inside the current transaction; staged for the next save by default, binary COPY on PostgreSQL.</summary>
    public virtual Task InsertWebhookAttemptsAsync(IReadOnlyList<WebhookAttempt> attempts, CancellationToken ct)
    {
        WebhookAttempts.AddRange(attempts);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Deletes owed rule evaluations whose customers have been evaluated. PostgreSQL does not wait for this deletion's
    /// commit to reach the disk when it runs in a transaction of its own: it is bookkeeping, with no event, and a
    /// deletion a crash loses only brings its row back, whose customers are then evaluated once more (evaluation is
    /// idempotent). Waiting would be a second WAL flush for every write that owes an evaluation, beside the write's own.
    /// </summary>
    public virtual Task DeleteSettledOwedAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct) =>
        OwedRuleEvaluations.Where(o => ids.Contains(o.Id)).ExecuteDeleteAsync(ct);

    /// <summary>
    /// Writes segment member rows that announce nothing (a new segment's baseline) inside the current
    /// transaction: staged for the next save by default; PostgreSQL writes them at once with binary COPY.
    /// </summary>
    public virtual Task InsertSilentSegmentMembersAsync(IReadOnlyList<SegmentMember> members, CancellationToken ct)
    {
        SegmentMembers.AddRange(members);
        return Task.CompletedTask;
    }

    /// <summary>
    /// True when the provider writes the rows a save derives (<see cref="InsertChangeLogAsync"/>) in bulk; then the
    /// save leaves the ledger lines to it instead of inserting them itself (see <see cref="ChangeLogWriter"/>).
    /// </summary>
    protected internal virtual bool WritesChangeLogInBulk => false;

    /// <summary>
    /// Writes what a save derives from its changes — ledger lines, index-log rows, owed rule evaluations and events
    /// (which get their ids, as deliveries refer to them) — inside the save's transaction, after the change itself.
    /// Only called when <see cref="WritesChangeLogInBulk"/>; PostgreSQL uses binary COPY. The others stage them for an
    /// EF save. Answers whether any of the events' tenants has an enabled webhook endpoint when the provider read that
    /// in the same round trip (false lets the outbox fan-out skip its read), null when it did not; and the stamp the
    /// index-log rows carry (<see cref="IndexChange.TxStamp"/>) when there are any, so this instance's follower can
    /// skip rows its own index has taken in already.
    /// </summary>
    protected internal virtual Task<(bool? Subscribed, long? TxStamp)> InsertChangeLogAsync(
        IReadOnlyList<TagHistoryEntry> ledger, IReadOnlyList<IndexChange> index, IReadOnlyList<Event> events, IReadOnlyList<OwedRuleEvaluation> owed,
        CancellationToken ct) =>
        throw new NotSupportedException("This provider writes the change log through the change tracker.");

    /// <summary>True when the failure is a unique-index violation (a concurrent duplicate insert).</summary>
    public abstract bool IsUniqueViolation(DbUpdateException exception);

    /// <summary>
    /// Claims up to <see cref="DeliveryClaim.BatchSize"/> pending deliveries due by <see cref="DeliveryClaim.Now"/>
    /// whose lease has lapsed (or was never taken), oldest due first, by setting their lease to
    /// <see cref="DeliveryClaim.Until"/>, and returns their ids. Several dispatchers claim at once, so rows another one
    /// is claiming are skipped, never waited for or taken twice. Cross-tenant by design: the dispatcher serves every tenant.
    /// </summary>
    protected internal abstract Task<List<long>> ClaimDeliveriesAsync(DeliveryClaim claim, CancellationToken ct);

    /// <summary>
    /// Claims as <see cref="ClaimDeliveriesAsync"/> does, but no more per endpoint than <see cref="DeliveryClaim.Room"/>
    /// allows, and reads each claimed delivery with its event and endpoint in the same round trip, oldest due first.
    /// Null (the default) when the provider has no such statement: the claimed ids are then read through EF.
    /// </summary>
    protected internal virtual Task<List<ClaimedDeliveryRow>?> ClaimDeliveriesWithEventsAsync(DeliveryClaim claim, CancellationToken ct) =>
        Task.FromResult<List<ClaimedDeliveryRow>?>(null);

    /// <summary>
    /// True when the provider writes a batch of delivery outcomes in one statement (<see cref="WriteDeliveryOutcomesAsync"/>);
    /// the others write them through EF in one transaction.
    /// </summary>
    protected internal virtual bool WritesDeliveryOutcomesInOneStatement => false;

    /// <summary>
    /// Writes a batch of attempt outcomes in one statement, in the current transaction or its own: the attempt log,
    /// each delivery's new state (see <see cref="DeliveryOutcomeRow"/>), the end of the answering endpoints' failure
    /// streaks and the start of the failing ones'. Returns the failing, enabled endpoints whose streak (as it stood
    /// before the statement, restarted ones excluded) began before <see cref="DeliveryOutcomeBatch.OverdueBefore"/>.
    /// Only called when <see cref="WritesDeliveryOutcomesInOneStatement"/>.
    /// </summary>
    protected internal virtual Task<List<long>> WriteDeliveryOutcomesAsync(DeliveryOutcomeBatch batch, CancellationToken ct) =>
        throw new NotSupportedException("This provider writes delivery outcomes through the change tracker.");
}
