using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TagApi.Core.Segments.Engine;

namespace TagApi.Core.Data.Configurations;

internal sealed class IndexChangeConfiguration : IEntityTypeConfiguration<IndexChange>
{
    public void Configure(EntityTypeBuilder<IndexChange> builder)
    {
        builder.HasTenantKey();

        // No foreign keys: the log must outlive the customers whose deletion it records.
        builder.HasIndex(e => e.At);
        // Followers read the rows at or above the last commit horizon they saw (IndexFollower).
        builder.HasIndex(e => e.TxStamp);
    }
}
