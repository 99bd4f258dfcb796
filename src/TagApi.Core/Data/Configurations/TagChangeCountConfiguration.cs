using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TagApi.Core.Analytics.Counts;

namespace TagApi.Core.Data.Configurations;

// No foreign key to the tag: like the ledger, the counts outlive a deleted tag.
internal sealed class TagDailyCountConfiguration : IEntityTypeConfiguration<TagDailyCount>
{
    public void Configure(EntityTypeBuilder<TagDailyCount> builder) => builder.HasKey(e => new { e.TenantId, e.TagId, e.Day });
}

internal sealed class TagHourlyCountConfiguration : IEntityTypeConfiguration<TagHourlyCount>
{
    public void Configure(EntityTypeBuilder<TagHourlyCount> builder) => builder.HasKey(e => new { e.TenantId, e.TagId, e.Hour });
}
