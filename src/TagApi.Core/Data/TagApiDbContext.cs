using Microsoft.EntityFrameworkCore;
using TagApi.Core.Analytics.Counts;
using TagApi.Core.BulkJobs;
using TagApi.Core.Activities;
using TagApi.Core.Customers;
using TagApi.Core.Data.Saving;
using TagApi.Core.Idempotency;
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
/// A save runs the <see cref="SavePipeline"/>: the change, its change log, index log and outbox
/// deliveries in one transaction, then the after-commit notifications.
/// Tenant isolation lives here too (see the Tenancy part); provider-specific statements live behind
/// the virtual hooks of the ProviderHooks part, which the subclasses override.
/// </summary>
public abstract partial class TagApiDbContext : DbContext
{
    // Contexts are pooled (see DatabaseServices), so these are not constructor state: BindTo sets them
    // for each unit of work that rents the context, and disposal (the return to the pool) clears them.
    private TenantContext? _tenant;
    private SavePipeline? _pipeline;

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

    /// <summary>Ledger lines per tag and UTC day, kept by the database from the ledger (see <see cref="TagDailyCount"/>).</summary>
    public DbSet<TagDailyCount> TagDailyCounts => Set<TagDailyCount>();

    /// <summary>Ledger lines per tag and UTC hour, kept with the daily counts.</summary>
    public DbSet<TagHourlyCount> TagHourlyCounts => Set<TagHourlyCount>();

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

    /// <summary>Claims on, and stored outcomes of, requests that carried an <c>Idempotency-Key</c>.</summary>
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();

    /// <summary>Rule evaluations owed to committed changes; read by the rule workers only, not tenant-filtered (see <see cref="OwedRuleEvaluation"/>).</summary>
    public DbSet<OwedRuleEvaluation> OwedRuleEvaluations => Set<OwedRuleEvaluation>();

    public DbSet<BulkJob> BulkJobs => Set<BulkJob>();

    public DbSet<BulkJobChunk> BulkJobChunks => Set<BulkJobChunk>();

    public DbSet<BulkJobError> BulkJobErrors => Set<BulkJobError>();

    /// <summary>The tenant of the unit of work this context is bound to.</summary>
    public TenantContext Tenant => _tenant ?? throw new InvalidOperationException("This context is not bound to a unit of work.");

    /// <summary>The bound unit of work's tenant; null when there is none (unbound, or serving every tenant).</summary>
    internal long? BoundTenantId => _tenant?.TenantId;

    /// <summary>True while the save pipeline runs its steps; a save made by one of them derives nothing of its own.</summary>
    internal bool InSavePipeline { get; set; }

    /// <summary>
    /// Binds the context to the unit of work that rented it: its tenant (read by the query filters and
    /// stamped on new rows) and the pipeline its saves run (which knows what a commit notifies). Called on
    /// every rent, so a context never acts for a tenant other than its current renter's.
    /// </summary>
    public void BindTo(TenantContext tenant, SavePipeline? pipeline)
    {
        _tenant = tenant;
        _pipeline = pipeline;
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
        _pipeline = null;
        InSavePipeline = false;
        ForgetUnitOfWork();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(TagApiDbContext).Assembly);
        modelBuilder.UseOpenIddict();
        Revisions.Configure(modelBuilder);
        ApplyTenantFilters(modelBuilder);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        StampTenant();
        Revisions.Stamp(ChangeTracker);
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    /// <summary>Saves the tracked changes through the <see cref="SavePipeline"/> of the bound unit of work.</summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var pipeline = _pipeline ?? SavePipeline.Unbound;
        if (!ChangeTracker.AutoDetectChangesEnabled)
        {
            return await pipeline.SaveAsync(this, acceptAllChangesOnSuccess, cancellationToken);
        }

        // Every ChangeTracker.Entries() call and every base save scans all tracked entities for changes; a batch
        // assignment tracks hundreds (customers, their assignments, tags) and the pipeline would scan them several
        // times over. Scan once here, after the tenant stamp; from then on the pipeline only adds new entities,
        // which needs no scan.
        StampTenant();
        ChangeTracker.DetectChanges();
        ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            return await pipeline.SaveAsync(this, acceptAllChangesOnSuccess, cancellationToken);
        }
        finally
        {
            ChangeTracker.AutoDetectChangesEnabled = true;
        }
    }

    /// <summary>
    /// Logs a change already written around the change tracker in the current transaction (see <see cref="WrittenChange"/>):
    /// the save pipeline's steps after the change, and its notifications once that transaction commits.
    /// </summary>
    internal Task SaveWrittenAsync(WrittenChange change, CancellationToken ct) => (_pipeline ?? SavePipeline.Unbound).SaveWrittenAsync(this, change, ct);

    /// <summary>EF's own save of the tracked changes, for the pipeline's steps: no pipeline around it.</summary>
    internal Task<int> SaveTrackedAsync(bool acceptAllChangesOnSuccess, CancellationToken ct) => base.SaveChangesAsync(acceptAllChangesOnSuccess, ct);
}
