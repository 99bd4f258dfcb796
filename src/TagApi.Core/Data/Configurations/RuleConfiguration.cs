using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TagApi.Core.Common;
using TagApi.Core.Rules;
using TagApi.Core.Tenancy;

namespace TagApi.Core.Data.Configurations;

internal sealed class TaggingRuleConfiguration : IEntityTypeConfiguration<TaggingRule>
{
    public void Configure(EntityTypeBuilder<TaggingRule> builder)
    {
        builder.ToTable("Rules");
        builder.HasTenantKey();
        builder.Property(e => e.Key).HasMaxLength(InputRules.KeyMaxLength);
        builder.Property(e => e.Name).HasMaxLength(InputRules.NameMaxLength);
        builder.Property(e => e.Description).HasMaxLength(InputRules.DescriptionMaxLength);
        builder.Property(e => e.LeaseOwner).HasMaxLength(Leases.OwnerMaxLength);
        builder.HasIndex(e => new { e.TenantId, e.Key }).IsUnique();

        // The scheduler looks across tenants for rules that are due.
        builder.HasIndex(e => e.NextEvaluationAt);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(e => e.TenantId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class OwedRuleEvaluationConfiguration : IEntityTypeConfiguration<OwedRuleEvaluation>
{
    public void Configure(EntityTypeBuilder<OwedRuleEvaluation> builder)
    {
        // Made by the writer, never by the database.
        builder.HasKey(e => new { e.TenantId, e.Id });
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.LeaseOwner).HasMaxLength(Leases.OwnerMaxLength);
        // No foreign keys: written with the change log, deleted within moments, and a customer deleted meanwhile is
        // simply not there to evaluate. No index beyond the key either: the table holds only what is still owed.
    }
}

internal sealed class RuleRunConfiguration : IEntityTypeConfiguration<RuleRun>
{
    public void Configure(EntityTypeBuilder<RuleRun> builder)
    {
        builder.HasTenantKey();
        builder.Property(e => e.Trigger).HasMaxLength(16);
        builder.Property(e => e.Error).HasMaxLength(RuleLimits.RunErrorMaxLength);
        builder.HasIndex(e => new { e.TenantId, e.RuleId, e.Id });
        builder.HasOne(e => e.Rule).WithMany().HasForeignKey(e => new { e.TenantId, e.RuleId }).HasPrincipalKey(p => new { p.TenantId, p.Id }).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RuleVersionConfiguration : IEntityTypeConfiguration<RuleVersion>
{
    public void Configure(EntityTypeBuilder<RuleVersion> builder)
    {
        builder.HasTenantKey();
        builder.HasIndex(e => new { e.TenantId, e.RuleId, e.Version }).IsUnique();
        builder.HasOne(e => e.Rule).WithMany().HasForeignKey(e => new { e.TenantId, e.RuleId }).HasPrincipalKey(p => new { p.TenantId, p.Id }).OnDelete(DeleteBehavior.Cascade);
    }
}
