using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TagApi.Core.BulkJobs;
using TagApi.Core.Common;
using TagApi.Core.Tenancy;

namespace TagApi.Core.Data.Configurations;

internal sealed class BulkJobConfiguration : IEntityTypeConfiguration<BulkJob>
{
    public void Configure(EntityTypeBuilder<BulkJob> builder)
    {
        builder.HasTenantKey();
        builder.Property(e => e.Kind).HasMaxLength(32);
        // A cancel racing a worker's claim must not overwrite the status the worker wrote (nor the reverse).
        builder.Property(e => e.Status).HasMaxLength(16).IsConcurrencyToken();
        builder.Property(e => e.Format).HasMaxLength(8);
        builder.Property(e => e.CsvHeader).HasMaxLength(BulkJobLimits.MaxLineBytes);
        builder.Property(e => e.Parameters).HasMaxLength(BulkJobLimits.MaxParametersLength);
        builder.Property(e => e.ClientId).HasMaxLength(100);
        builder.Property(e => e.Result).HasMaxLength(4000);
        builder.Property(e => e.Failure).HasMaxLength(BulkJobLimits.MaxMessageLength);
        builder.Property(e => e.LeaseOwner).HasMaxLength(Leases.OwnerMaxLength);
        // The workers look across tenants for jobs that are not finished.
        builder.HasIndex(e => new { e.Status, e.Id });
        builder.HasOne<Tenant>().WithMany().HasForeignKey(e => e.TenantId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class BulkJobChunkConfiguration : IEntityTypeConfiguration<BulkJobChunk>
{
    public void Configure(EntityTypeBuilder<BulkJobChunk> builder)
    {
        builder.HasKey(e => new { e.TenantId, e.JobId, e.Output, e.Sequence });
        builder.HasOne<BulkJob>().WithMany().HasForeignKey(e => new { e.TenantId, e.JobId }).HasPrincipalKey(p => new { p.TenantId, p.Id }).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class BulkJobErrorConfiguration : IEntityTypeConfiguration<BulkJobError>
{
    public void Configure(EntityTypeBuilder<BulkJobError> builder)
    {
        builder.HasTenantKey();
        builder.Property(e => e.Code).HasMaxLength(32);
        builder.Property(e => e.Message).HasMaxLength(BulkJobLimits.MaxMessageLength);
        builder.HasIndex(e => new { e.TenantId, e.JobId, e.Line });
        builder.HasOne<BulkJob>().WithMany().HasForeignKey(e => new { e.TenantId, e.JobId }).HasPrincipalKey(p => new { p.TenantId, p.Id }).OnDelete(DeleteBehavior.Cascade);
    }
}
