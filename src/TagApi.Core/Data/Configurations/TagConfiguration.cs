using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TagApi.Core.Common;
using TagApi.Core.TagCategories;
using TagApi.Core.Tags;
using TagApi.Core.Tenancy;

namespace TagApi.Core.Data.Configurations;

internal sealed class TagCategoryConfiguration : IEntityTypeConfiguration<TagCategory>
{
    public void Configure(EntityTypeBuilder<TagCategory> builder)
    {
        builder.HasTenantKey();
        builder.Property(e => e.Key).HasMaxLength(InputRules.KeyMaxLength);
        builder.Property(e => e.Name).HasMaxLength(InputRules.NameMaxLength);
        builder.Property(e => e.Description).HasMaxLength(InputRules.DescriptionMaxLength);
        builder.Property(e => e.Color).HasMaxLength(7);
        builder.HasIndex(e => new { e.TenantId, e.Key }).IsUnique();
        builder.HasOne<Tenant>().WithMany().HasForeignKey(e => e.TenantId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class TagConfiguration : IEntityTypeConfiguration<Tag>
{
    public void Configure(EntityTypeBuilder<Tag> builder)
    {
        builder.HasTenantKey();
        builder.Property(e => e.Key).HasMaxLength(InputRules.KeyMaxLength);
        builder.Property(e => e.Name).HasMaxLength(InputRules.NameMaxLength);
        builder.Property(e => e.Description).HasMaxLength(InputRules.DescriptionMaxLength);
        builder.Property(e => e.Color).HasMaxLength(7);
        builder.HasIndex(e => new { e.TenantId, e.Key }).IsUnique();
        builder.HasIndex(e => new { e.TenantId, e.CategoryId });
        builder.HasIndex(e => new { e.TenantId, e.ParentId });
        builder.HasOne(e => e.Category).WithMany().HasForeignKey(e => new { e.TenantId, e.CategoryId }).HasPrincipalKey(p => new { p.TenantId, p.Id }).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Tag>().WithMany().HasForeignKey(e => new { e.TenantId, e.ParentId }).HasPrincipalKey(p => new { p.TenantId, p.Id }).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(e => e.TenantId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class TagAliasConfiguration : IEntityTypeConfiguration<TagAlias>
{
    public void Configure(EntityTypeBuilder<TagAlias> builder)
    {
        builder.HasTenantKey();
        builder.Property(e => e.Key).HasMaxLength(InputRules.KeyMaxLength);
        builder.HasIndex(e => new { e.TenantId, e.Key }).IsUnique();
        builder.HasOne<Tag>().WithMany().HasForeignKey(e => new { e.TenantId, e.TagId }).HasPrincipalKey(p => new { p.TenantId, p.Id }).OnDelete(DeleteBehavior.Cascade);
    }
}
