using Microsoft.EntityFrameworkCore;
using TagApi.Core.Analytics.Counts;
using TagApi.Core.BulkJobs;
using TagApi.Core.Activities;
using TagApi.Core.Customers;
using TagApi.Core.Idempotency;
using TagApi.Core.Rules;
using TagApi.Core.Segments;
using TagApi.Core.Segments.Membership;
using TagApi.Core.TagAssignments;
using TagApi.Core.TagCategories;
using TagApi.Core.Tags;
using TagApi.Core.Tenancy;
using TagApi.Core.Webhooks;

namespace TagApi.Core.Data;

/// <summary>Tenant isolation: every tenant-owned entity is filtered by the current tenant, and new rows are stamped with it.</summary>
public abstract partial class TagApiDbContext
{
    // Read by the query filters; EF evaluates it per query, so one model serves every tenant.
    // With no tenant set (or no unit of work bound), nothing tenant-owned is visible.
    private long CurrentTenantId => _tenant?.TenantId ?? -1;

    /// <summary>Stamps new tenant-owned rows with the unit of work's tenant; refuses one of another tenant.</summary>
    internal void StampTenant()
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
        modelBuilder.Entity<TagDailyCount>().HasQueryFilter(e => e.TenantId == CurrentTenantId);
        modelBuilder.Entity<TagHourlyCount>().HasQueryFilter(e => e.TenantId == CurrentTenantId);
        modelBuilder.Entity<Activity>().HasQueryFilter(e => e.TenantId == CurrentTenantId);
        modelBuilder.Entity<Segment>().HasQueryFilter(e => e.TenantId == CurrentTenantId);
        modelBuilder.Entity<SegmentMember>().HasQueryFilter(e => e.TenantId == CurrentTenantId);
        modelBuilder.Entity<TaggingRule>().HasQueryFilter(e => e.TenantId == CurrentTenantId);
        modelBuilder.Entity<RuleRun>().HasQueryFilter(e => e.TenantId == CurrentTenantId);
        modelBuilder.Entity<RuleVersion>().HasQueryFilter(e => e.TenantId == CurrentTenantId);
        modelBuilder.Entity<Event>().HasQueryFilter(e => e.TenantId == CurrentTenantId);
        modelBuilder.Entity<BulkJob>().HasQueryFilter(e => e.TenantId == CurrentTenantId);
        modelBuilder.Entity<BulkJobChunk>().HasQueryFilter(e => e.TenantId == CurrentTenantId);
        modelBuilder.Entity<BulkJobError>().HasQueryFilter(e => e.TenantId == CurrentTenantId);
        modelBuilder.Entity<WebhookEndpoint>().HasQueryFilter(e => e.TenantId == CurrentTenantId);
        modelBuilder.Entity<WebhookDelivery>().HasQueryFilter(e => e.TenantId == CurrentTenantId);
        modelBuilder.Entity<IdempotencyRecord>().HasQueryFilter(e => e.TenantId == CurrentTenantId);
    }
}
