using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TagApi.Core.Customers;
using TagApi.Core.TagAssignments;
using TagApi.Core.Tags;
using TagApi.Core.Tenancy;

namespace TagApi.Core.Data.Configurations;

internal sealed class CustomerConfiguration : IEntityTypeConfiguration<Customer>
{
    public void Configure(EntityTypeBuilder<Customer> builder)
    {
        builder.HasTenantKey();
        builder.Property(e => e.ExternalId).HasMaxLength(CustomerLimits.ExternalIdMaxLength);
        builder.Property(e => e.Type).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.Source).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.Name).HasMaxLength(CustomerLimits.TextMaxLength);
        builder.Property(e => e.Email).HasMaxLength(CustomerLimits.EmailMaxLength);
        builder.Property(e => e.Phone).HasMaxLength(CustomerLimits.PhoneMaxLength);
        builder.Property(e => e.Gender).HasMaxLength(CustomerLimits.ShortTextMaxLength);
        builder.Property(e => e.Country).HasMaxLength(CustomerLimits.ShortTextMaxLength);
        builder.Property(e => e.Region).HasMaxLength(CustomerLimits.TextMaxLength);
        builder.Property(e => e.City).HasMaxLength(CustomerLimits.TextMaxLength);
        builder.Property(e => e.Industry).HasMaxLength(CustomerLimits.TextMaxLength);
        builder.Property(e => e.SourceDetail).HasMaxLength(CustomerLimits.TextMaxLength);
        builder.Property(e => e.Locale).HasMaxLength(CustomerLimits.ShortTextMaxLength);
        builder.Property(e => e.Version).IsConcurrencyToken();
        builder.OwnsOne(e => e.Metrics, metrics =>
        {
            metrics.Property(m => m.TotalSpent).HasColumnName("TotalSpent").HasPrecision(18, 2);
            metrics.Property(m => m.OrderCount).HasColumnName("OrderCount");
            metrics.Property(m => m.FirstOrderAt).HasColumnName("FirstOrderAt");
            metrics.Property(m => m.LastOrderAt).HasColumnName("LastOrderAt");
            metrics.Property(m => m.LastActivityAt).HasColumnName("LastActivityAt");
        });
        builder.Navigation(e => e.Metrics).IsRequired();
        builder.HasIndex(e => new { e.TenantId, e.ExternalId }).IsUnique();
        builder.HasOne<Tenant>().WithMany().HasForeignKey(e => e.TenantId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class TagAssignmentConfiguration : IEntityTypeConfiguration<TagAssignment>
{
    public void Configure(EntityTypeBuilder<TagAssignment> builder)
    {
        builder.HasKey(e => new { e.TenantId, e.CustomerId, e.TagId });
        builder.Property(e => e.Source).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.SourceRef).HasMaxLength(200);
        builder.HasIndex(e => new { e.TenantId, e.TagId, e.CustomerId });
        builder.HasIndex(e => e.ExpiresAt);
        builder.HasOne(e => e.Customer).WithMany().HasForeignKey(e => new { e.TenantId, e.CustomerId }).HasPrincipalKey(p => new { p.TenantId, p.Id }).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(e => e.Tag).WithMany().HasForeignKey(e => new { e.TenantId, e.TagId }).HasPrincipalKey(p => new { p.TenantId, p.Id }).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TagHistoryEntryConfiguration : IEntityTypeConfiguration<TagHistoryEntry>
{
    public void Configure(EntityTypeBuilder<TagHistoryEntry> builder)
    {
        builder.HasTenantKey();
        // The database keeps the per-day and per-hour counts (Analytics.Counts) with triggers on this table; SQL Server
        // must know, or EF Core's OUTPUT clause on its inserts would be refused.
        builder.ToTable(t =>
        {
            t.HasTrigger("TagHistoryCountsInsert");
            t.HasTrigger("TagHistoryCountsDelete");
        });
        builder.Property(e => e.TagKey).HasMaxLength(64);
        builder.Property(e => e.Action).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.Source).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.SourceRef).HasMaxLength(200);
        builder.Property(e => e.Reason).HasMaxLength(500);
        builder.HasIndex(e => new { e.TenantId, e.CustomerId, e.Id });
        // Analytics: a tag's trend, recent changes and as-of holders are range reads over one tag's lines in time.
        builder.HasIndex(e => new { e.TenantId, e.TagId, e.At });
        // The ledger outlives the tag, but not the customer: erasing a customer erases its history.
        builder.HasOne<Customer>().WithMany().HasForeignKey(e => new { e.TenantId, e.CustomerId }).HasPrincipalKey(p => new { p.TenantId, p.Id }).OnDelete(DeleteBehavior.Cascade);
    }
}
