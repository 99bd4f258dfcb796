using Microsoft.EntityFrameworkCore;
using TagApi.Core.Activities;
using TagApi.Core.Common;
using TagApi.Core.Customers;
using TagApi.Core.Rules;
using TagApi.Core.Segments;
using TagApi.Core.Segments.Engine;
using TagApi.Core.Segments.Membership;
using TagApi.Core.TagAssignments;
using TagApi.Core.TagCategories;
using TagApi.Core.Tags;
using TagApi.Core.Tenancy;
using TagApi.Core.Webhooks;

namespace TagApi.Core.Data;

/// <summary>
/// The unit of work and repository of TagApi. Each database provider has one subclass (and one
/// migration set) in TagApi.Data; services depend on this base type only.
/// Tenant isolation lives here: every tenant-owned entity is filtered by the current tenant, and
/// new rows are stamped with it.
/// </summary>
public abstract class TagApiDbContext : DbContext
{
    // Contexts are pooled (see DatabaseServices), so these are not constructor state: BindTo sets them
    // for each unit of work that rents the context, and disposal (the return to the pool) clears them.
    private TenantContext? _tenant;
    private SegmentEngine? _engine;
    private WebhookOutbox? _outbox;
    private TimeProvider _clock = TimeProvider.System;

    protected TagApiDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<Tenant> Tenants => Set<Tenant>();

    public DbSet<ApiClient> ApiClients => Set<ApiClient>();

    public DbSet<TagCategory> TagCategories => Set<TagCategory>();

    public DbSet<Tag> Tags => Set<Tag>();

    public DbSet<TagAlias> TagAliases => Set<TagAlias>();

    public DbSet<Customer> Customers => Set<Customer>();

    public DbSet<TagAssignment> TagAssignments => Set<TagAssignment>();

    public DbSet<TagHistoryEntry> TagHistory => Set<TagHistoryEntry>();

    public DbSet<Activity> Activities => Set<Activity>();

    public DbSet<Segment> Segments => Set<Segment>();

    public DbSet<SegmentMember> SegmentMembers => Set<SegmentMember>();

    public DbSet<TaggingRule> Rules => Set<TaggingRule>();

    public DbSet<RuleRun> RuleRuns => Set<RuleRun>();

    public DbSet<RuleVersion> RuleVersions => Set<RuleVersion>();

    public DbSet<Event> Events => Set<Event>();

    public DbSet<WebhookEndpoint> WebhookEndpoints => Set<WebhookEndpoint>();

    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();

    public DbSet<WebhookAttempt> WebhookAttempts => Set<WebhookAttempt>();

    /// <summary>The log other instances tail to keep their indexes correct; not tenant-filtered (see <see cref="IndexChange"/>).</summary>
    public DbSet<IndexChange> IndexChanges => Set<IndexChange>();

    /// <summary>The tenant of the unit of work this context is bound to.</summary>
    public TenantContext Tenant => _tenant ?? throw new InvalidOperationException("This context is not bound to a unit of work.");

    // Read by the query filters; EF evaluates it per query, so one model serves every tenant.
    // With no tenant set (or no unit of work bound), nothing tenant-owned is visible.
    private long CurrentTenantId => _tenant?.TenantId ?? -1;

    /// <summary>
    /// Binds the context to the unit of work that rented it: its tenant (read by the query filters and
    /// stamped on new rows) and the services a save notifies. Called on every rent, so a context never
    /// acts for a tenant other than its current renter's.
    /// </summary>
    public void BindTo(TenantContext tenant, SegmentEngine? engine, WebhookOutbox? outbox, TimeProvider? clock)
    {
        _tenant = tenant;
        _engine = engine;
        _outbox = outbox;
        _clock = clock ?? TimeProvider.System;
    }

    // Disposal returns a pooled context to the pool: forget the renter first, so an idle context holds
    // no tenant and anything that still reaches it sees no tenant-owned row and can stamp none.
    public override void Dispose()
    {
        Unbind();
        base.Dispose();
        GC.SuppressFinalize(this);
    }

    public override async ValueTask DisposeAsync()
    {
        Unbind();
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    private void Unbind()
    {
        _tenant = null;
        _engine = null;
        _outbox = null;
        _clock = TimeProvider.System;
    }

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
    /// save leaves the ledger lines to it instead of inserting them itself.
    /// </summary>
    protected virtual bool WritesChangeLogInBulk => false;

    /// <summary>
    /// Writes what a save derives from its changes — ledger lines, index-log rows and events (which get their ids,
    /// as deliveries refer to them) — inside the save's transaction, after the change itself. Only called when
    /// <see cref="WritesChangeLogInBulk"/>; PostgreSQL uses binary COPY. The others stage them for an EF save.
    /// </summary>
    protected virtual Task InsertChangeLogAsync(IReadOnlyList<TagHistoryEntry> ledger, IReadOnlyList<IndexChange> index, IReadOnlyList<Event> events, CancellationToken ct) =>
        throw new NotSupportedException("This provider writes the change log through the change tracker.");

    /// <summary>True when the failure is a unique-index violation (a concurrent duplicate insert).</summary>
    public abstract bool IsUniqueViolation(DbUpdateException exception);

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(TagApiDbContext).Assembly);
        modelBuilder.UseOpenIddict();
        ApplyTenantFilters(modelBuilder);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        StampTenant();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        if (!ChangeTracker.AutoDetectChangesEnabled)
        {
            return await SaveWithEventsAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        // Every ChangeTracker.Entries() call and every base save scans all tracked entities for changes; a batch
        // assignment tracks hundreds (customers, their assignments, tags) and this path used to scan them seven
        // times, a large share of the API's CPU under a write load (benchmark W7). Scan once here, after the tenant stamp;
        // from then on this method only adds new entities, which needs no scan.
        StampTenant();
        ChangeTracker.DetectChanges();
        ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            return await SaveWithEventsAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        finally
        {
            ChangeTracker.AutoDetectChangesEnabled = true;
        }
    }

    private async Task<int> SaveWithEventsAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken)
    {
        StampTenant();
        // Without a tenant (the dispatcher, serving every tenant) nothing is indexed, and only the events that name
        // their own tenant are derived: the endpoints it disables. They go through the outbox all the same.
        var tenantId = _tenant?.TenantId;
        var touched = tenantId is null ? Data.IndexChanges.None : Data.IndexChanges.Collect(ChangeTracker);
        var events = ChangeEvents.Capture(ChangeTracker, tenantBound: tenantId is not null);
        if (!(touched.Any || events.Any))
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        // The change, its events and its index-log rows commit together. New rows' ids exist only
        // after the first save, so the derived rows follow in a second save inside the same transaction.
        var ownTransaction = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
        int saved;
        await using (ownTransaction)
        {
            // A batch of a thousand tag changes derives a thousand ledger lines, index-log rows and events; EF inserts
            // each as its own statement (most of the batch's database time), a bulk-writing provider in one COPY each.
            var bulk = WritesChangeLogInBulk;
            if (bulk)
            {
                foreach (var line in events.Ledger)
                {
                    Entry(line).State = EntityState.Detached;
                }
            }

            saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            if (touched.MeaningChanged)
            {
                await RedefinedProjections.MarkAsync(this, _clock.UtcNow(), cancellationToken);
            }

            // The index log is read against the real clock by other instances; events carry the domain clock.
            var index = tenantId is { } indexed ? touched.ToLog(indexed, DateTime.UtcNow).ToList() : [];
            var logged = events.ToEvents(_clock.UtcNow()).ToList();
            foreach (var e in logged.Where(e => e.TenantId == 0))
            {
                e.TenantId = tenantId ?? throw new InvalidOperationException("Only events that name their tenant are derived without one.");
            }

            if (bulk)
            {
                await InsertChangeLogAsync(events.Ledger, index, logged, cancellationToken);
                saved += events.Ledger.Count;
            }
            else
            {
                Set<IndexChange>().AddRange(index);
                Events.AddRange(logged);
                StampTenant();
                await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            }

            // Deliveries are born claimed by this instance's dispatcher only when this save commits them: under a
            // caller's transaction it could not hand them over after the commit.
            var owed = _outbox is not null && logged.Count > 0
                ? await _outbox.FanOutAsync(this, logged, claimAtBirth: ownTransaction is not null, cancellationToken)
                : OwedDeliveries.None;
            if (ownTransaction is not null)
            {
                await ownTransaction.CommitAsync(cancellationToken);
            }

            // Handed over (or the dispatcher woken) only after the commit: a dispatcher woken earlier would find nothing
            // it can see and sleep a whole poll interval. (Under a caller's transaction the poll picks them up.)
            if (owed.Count > 0)
            {
                await _outbox!.HandOffAsync(owed);
            }
        }

        // Committed: bring this instance's index up to date now, so the caller's next read sees its own write.
        if (_engine is not null && touched.Any && tenantId is { } changed && Database.CurrentTransaction is null)
        {
            await _engine.ApplyChangesAsync(changed, touched.CustomerIds(), touched.ActivityCustomers, touched.CatalogChanged, cancellationToken);
            _engine.NotifyCommitted(changed, touched.CustomerIds());
        }

        return saved;
    }

    private void StampTenant()
    {
        foreach (var entry in ChangeTracker.Entries<ITenantOwned>())
        {
            if (entry.State != EntityState.Added)
            {
                continue;
            }

            if (entry.Entity.TenantId == 0)
            {
                entry.Entity.TenantId = Tenant.RequiredTenantId;
            }
            else if (_tenant?.TenantId is { } current && entry.Entity.TenantId != current)
            {
                throw new InvalidOperationException("An entity of another tenant cannot be added in this unit of work.");
            }
        }
    }

    private void ApplyTenantFilters(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ApiClient>().HasQueryFilter(e => e.TenantId == CurrentTenantId);
        modelBuilder.Entity<TagCategory>().HasQueryFilter(e => e.TenantId == CurrentTenantId);
        modelBuilder.Entity<Tag>().HasQueryFilter(e => e.TenantId == CurrentTenantId);
        modelBuilder.Entity<TagAlias>().HasQueryFilter(e => e.TenantId == CurrentTenantId);
        modelBuilder.Entity<Customer>().HasQueryFilter(e => e.TenantId == CurrentTenantId);
        modelBuilder.Entity<TagAssignment>().HasQueryFilter(e => e.TenantId == CurrentTenantId);
        modelBuilder.Entity<TagHistoryEntry>().HasQueryFilter(e => e.TenantId == CurrentTenantId);
        modelBuilder.Entity<Activity>().HasQueryFilter(e => e.TenantId == CurrentTenantId);
        modelBuilder.Entity<Segment>().HasQueryFilter(e => e.TenantId == CurrentTenantId);
        modelBuilder.Entity<SegmentMember>().HasQueryFilter(e => e.TenantId == CurrentTenantId);
        modelBuilder.Entity<TaggingRule>().HasQueryFilter(e => e.TenantId == CurrentTenantId);
        modelBuilder.Entity<RuleRun>().HasQueryFilter(e => e.TenantId == CurrentTenantId);
        modelBuilder.Entity<RuleVersion>().HasQueryFilter(e => e.TenantId == CurrentTenantId);
        modelBuilder.Entity<Event>().HasQueryFilter(e => e.TenantId == CurrentTenantId);
        modelBuilder.Entity<WebhookEndpoint>().HasQueryFilter(e => e.TenantId == CurrentTenantId);
        modelBuilder.Entity<WebhookDelivery>().HasQueryFilter(e => e.TenantId == CurrentTenantId);
    }
}
