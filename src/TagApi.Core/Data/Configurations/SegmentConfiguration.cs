using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TagApi.Core.Common;
using TagApi.Core.Segments;
using TagApi.Core.Segments.Query;
using TagApi.Core.Tenancy;

namespace TagApi.Core.Data.Configurations;

internal sealed class SegmentConfiguration : IEntityTypeConfiguration<Segment>
{
    public void Configure(EntityTypeBuilder<Segment> builder)
    {
        builder.Property(e => e.Key).HasMaxLength(InputRules.KeyMaxLength);
        builder.Property(e => e.Name).HasMaxLength(InputRules.NameMaxLength);
        builder.Property(e => e.Description).HasMaxLength(InputRules.DescriptionMaxLength);
        builder.Property(e => e.Query).HasMaxLength(QueryLimits.MaxTextBytes);
        builder.HasIndex(e => new { e.TenantId, e.Key }).IsUnique();
        builder.HasOne<Tenant>().WithMany().HasForeignKey(e => e.TenantId).OnDelete(DeleteBehavior.Restrict);
    }
}
