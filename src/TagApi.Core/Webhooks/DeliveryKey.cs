namespace TagApi.Core.Webhooks;

/// <summary>A delivery's key, tenant first like the table's (see <c>TenantKeys</c>).</summary>
internal readonly record struct DeliveryKey(long TenantId, long Id)
{
    public static DeliveryKey Of(WebhookDelivery delivery) => new(delivery.TenantId, delivery.Id);
}
