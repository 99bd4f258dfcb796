using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TagApi.Core.Activities;
using TagApi.Core.Customers;

namespace TagApi.Core.Data.Configurations;

internal sealed class ActivityConfiguration : IEntityTypeConfiguration<Activity>
{
    public void Configure(EntityTypeBuilder<Activity> builder)
    {
        builder.HasTenantKey();
        builder.Property(e => e.ExternalId).HasMaxLength(ActivityLimits.ExternalIdMaxLength);
        builder.Property(e => e.Type).HasMaxLength(ActivityLimits.SlugMaxLength);
        builder.Property(e => e.Channel).HasMaxLength(ActivityLimits.SlugMaxLength);
        builder.Property(e => e.Currency).HasMaxLength(3);
        builder.Property(e => e.Amount).HasPrecision(18, ActivityLimits.AmountScale);

        // Idempotency: an external id is recorded once per tenant (rows without one are never duplicates).
        builder.HasIndex(e => new { e.TenantId, e.ExternalId }).IsUnique();

        // Timelines are read per customer in time order.
        builder.HasIndex(e => new { e.TenantId, e.CustomerId, e.OccurredAt });
        builder.HasOne<Customer>().WithMany().HasForeignKey(e => new { e.TenantId, e.CustomerId }).HasPrincipalKey(p => new { p.TenantId, p.Id }).OnDelete(DeleteBehavior.Cascade);
    }
}
