using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TagApi.Core.Common;
using TagApi.Core.Tenancy;
using TagApi.Core.Webhooks;

namespace TagApi.Core.Data.Configurations;

internal sealed class EventConfiguration : IEntityTypeConfiguration<Event>
{
    public void Configure(EntityTypeBuilder<Event> builder)
    {
        builder.HasTenantKey();
        builder.Property(e => e.Type).HasMaxLength(64);
        // The feed's order (EventLog): one range scan per page. The stamp's value comes from the database (each
        // provider configures how); 0 on a provider whose ids are already in commit order.
        builder.HasIndex(e => new { e.TenantId, e.TxStamp, e.Id });
        builder.HasIndex(e => e.OccurredAt);
        // Analytics: a segment's trend reads its entries and exits in a time range.
        builder.HasIndex(e => new { e.TenantId, e.Type, e.OccurredAt });
        builder.HasOne<Tenant>().WithMany().HasForeignKey(e => e.TenantId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class WebhookEndpointConfiguration : IEntityTypeConfiguration<WebhookEndpoint>
{
    public void Configure(EntityTypeBuilder<WebhookEndpoint> builder)
    {
        builder.HasTenantKey();
        builder.Property(e => e.Url).HasMaxLength(WebhookLimits.UrlMaxLength);
        builder.Property(e => e.Description).HasMaxLength(InputRules.DescriptionMaxLength);
        builder.Property(e => e.EventTypes).HasMaxLength(1000);
        builder.Property(e => e.Secret).HasMaxLength(WebhookEndpoint.StoredSecretMaxLength);
        builder.Property(e => e.PreviousSecret).HasMaxLength(WebhookEndpoint.StoredSecretMaxLength);
        builder.Property(e => e.DisabledReason).HasMaxLength(500);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(e => e.TenantId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> builder)
    {
        builder.HasTenantKey();
        builder.Property(e => e.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.LastError).HasMaxLength(500);
        builder.HasIndex(e => new { e.Status, e.NextAttemptAt });
        // The claim scans one endpoint's due deliveries in order (DeliveryClaims); also serves per-endpoint listings.
        builder.HasIndex(e => new { e.TenantId, e.EndpointId, e.Status, e.NextAttemptAt });
        builder.HasOne(e => e.Event).WithMany().HasForeignKey(e => new { e.TenantId, e.EventId }).HasPrincipalKey(p => new { p.TenantId, p.Id }).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<WebhookEndpoint>().WithMany().HasForeignKey(e => new { e.TenantId, e.EndpointId }).HasPrincipalKey(p => new { p.TenantId, p.Id }).OnDelete(DeleteBehavior.NoAction);
    }
}

internal sealed class WebhookAttemptConfiguration : IEntityTypeConfiguration<WebhookAttempt>
{
    public void Configure(EntityTypeBuilder<WebhookAttempt> builder)
    {
        builder.HasTenantKey();
        builder.Property(e => e.Error).HasMaxLength(500);
        builder.HasIndex(e => new { e.TenantId, e.EndpointId, e.Id });
    }
}
