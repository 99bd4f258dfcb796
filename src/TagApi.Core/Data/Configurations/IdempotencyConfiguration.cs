using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TagApi.Core.Common;
using TagApi.Core.Idempotency;
using TagApi.Core.Tenancy;

namespace TagApi.Core.Data.Configurations;

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> builder)
    {
        builder.ToTable("IdempotencyRecords");
        builder.HasTenantKey();
        builder.Property(e => e.ClientId).HasMaxLength(IdempotencyRecord.ClientIdMaxLength);
        builder.Property(e => e.Key).HasMaxLength(IdempotencyRecord.KeyMaxLength);
        builder.Property(e => e.Fingerprint).HasMaxLength(64);
        builder.Property(e => e.Owner).HasMaxLength(Leases.OwnerMaxLength);
        builder.Property(e => e.Headers).HasMaxLength(4000);

        // One record per key and client: the unique index is what makes a second claim of a key fail.
        builder.HasIndex(e => new { e.TenantId, e.ClientId, e.Key }).IsUnique();

        // The purge looks across tenants for records past their time.
        builder.HasIndex(e => e.ExpiresAt);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(e => e.TenantId).OnDelete(DeleteBehavior.Restrict);
    }
}
