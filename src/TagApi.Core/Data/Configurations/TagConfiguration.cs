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
        builder.Property(e => e.Key).HasMaxLength(InputRules.KeyMaxLength);
        builder.Property(e => e.Name).HasMaxLength(InputRules.NameMaxLength);
        builder.Property(e => e.Description).HasMaxLength(InputRules.DescriptionMaxLength);
        builder.Property(e => e.Color).HasMaxLength(7);
        builder.HasIndex(e => new { e.TenantId, e.Key }).IsUnique();
        builder.HasIndex(e => new { e.TenantId, e.CategoryId });
        builder.HasIndex(e => new { e.TenantId, e.ParentId });
        builder.HasOne(e => e.Category).WithMany().HasForeignKey(e => e.CategoryId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Tag>().WithMany().HasForeignKey(e => e.ParentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(e => e.TenantId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class TagAliasConfiguration : IEntityTypeConfiguration<TagAlias>
{
    public void Configure(EntityTypeBuilder<TagAlias> builder)
    {
        builder.Property(e => e.Key).HasMaxLength(InputRules.KeyMaxLength);
        builder.HasIndex(e => new { e.TenantId, e.Key }).IsUnique();
        builder.HasOne<Tag>().WithMany().HasForeignKey(e => e.TagId).OnDelete(DeleteBehavior.Cascade);
    }
}
