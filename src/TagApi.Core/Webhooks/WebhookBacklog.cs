using Microsoft.EntityFrameworkCore;
using TagApi.Core.Data;

namespace TagApi.Core.Webhooks;

/// <summary>Deliveries still pending per endpoint, for several endpoints in one query.</summary>
public sealed class WebhookBacklog(TagApiDbContext db)
{
    public async Task<IReadOnlyDictionary<long, int>> CountAsync(IReadOnlyList<long> endpointIds, CancellationToken ct) =>
        await db.WebhookDeliveries.Where(d => endpointIds.Contains(d.EndpointId) && d.Status == DeliveryStatus.Pending)
            .GroupBy(d => d.EndpointId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
}
