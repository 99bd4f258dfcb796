using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TagApi.Core.Tenancy;

namespace TagApi.Core.Data.Configurations;

internal sealed class TenantConfiguration : IEntityTypeConfiguration<Tenant>
{
    public void Configure(EntityTypeBuilder<Tenant> builder)
    {
        builder.Property(e => e.Slug).HasMaxLength(64);
        builder.Property(e => e.Name).HasMaxLength(200);
        builder.HasIndex(e => e.Slug).IsUnique();
    }
}

internal sealed class ApiClientConfiguration : IEntityTypeConfiguration<ApiClient>
{
    public void Configure(EntityTypeBuilder<ApiClient> builder)
    {
        builder.Property(e => e.ClientId).HasMaxLength(100);
        builder.Property(e => e.Name).HasMaxLength(200);
        builder.Property(e => e.Scopes).HasMaxLength(1000);
        builder.Ignore(e => e.ScopeList);
        builder.HasIndex(e => e.ClientId).IsUnique();
        builder.HasIndex(e => new { e.TenantId, e.Id });
        builder.HasOne<Tenant>().WithMany().HasForeignKey(e => e.TenantId).OnDelete(DeleteBehavior.Restrict);
    }
}
