using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TagApi.Core.Common;
using TagApi.Core.Segments;
using TagApi.Core.Segments.Membership;
using TagApi.Core.Segments.Query;
using TagApi.Core.Tenancy;

namespace TagApi.Core.Data.Configurations;

internal sealed class SegmentConfiguration : IEntityTypeConfiguration<Segment>
{
    public void Configure(EntityTypeBuilder<Segment> builder)
    {
        builder.HasTenantKey();
        builder.Property(e => e.Key).HasMaxLength(InputRules.KeyMaxLength);
        builder.Property(e => e.Name).HasMaxLength(InputRules.NameMaxLength);
        builder.Property(e => e.Description).HasMaxLength(InputRules.DescriptionMaxLength);
        builder.Property(e => e.Query).HasMaxLength(QueryLimits.MaxTextBytes);
        builder.Property(e => e.LeaseOwner).HasMaxLength(Leases.OwnerMaxLength);
        builder.HasIndex(e => new { e.TenantId, e.Key }).IsUnique();
        builder.HasOne<Tenant>().WithMany().HasForeignKey(e => e.TenantId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class SegmentMemberConfiguration : IEntityTypeConfiguration<SegmentMember>
{
    public void Configure(EntityTypeBuilder<SegmentMember> builder)
    {
        builder.HasKey(e => new { e.TenantId, e.SegmentId, e.CustomerId });
        builder.Ignore(e => e.Notice);

        // A deleted segment takes its rows along; a deleted customer's rows stay until the projector
        // announces the exit. Hence no foreign key to customers.
        builder.HasOne<Segment>().WithMany().HasForeignKey(e => new { e.TenantId, e.SegmentId }).HasPrincipalKey(p => new { p.TenantId, p.Id }).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(e => new { e.TenantId, e.CustomerId });
    }
}
