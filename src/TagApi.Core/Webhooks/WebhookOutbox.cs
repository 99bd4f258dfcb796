using Microsoft.EntityFrameworkCore;
using TagApi.Core.Data;

namespace TagApi.Core.Webhooks;

/// <summary>
/// Turns committed-with-the-change events into deliveries for the tenant's subscribed endpoints,
/// inside the same transaction; the caller wakes the dispatcher once that commits. A batch of a thousand changes becomes a
/// thousand events and their deliveries in one save, not a thousand transactions.
/// </summary>
public sealed class WebhookOutbox : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0);

    /// <summary>Adds and saves the deliveries the events owe; returns how many.</summary>
    public static async Task<int> FanOutAsync(TagApiDbContext db, IReadOnlyList<Event> events, CancellationToken ct)
    {
        var endpoints = await db.WebhookEndpoints.AsNoTracking().Where(e => e.Enabled).ToListAsync(ct);
        if (endpoints.Count == 0)
        {
            return 0;
        }

        var owed = new List<WebhookDelivery>(events.Count * endpoints.Count);
        // Subscriptions are matched once per event type, not once per event and endpoint (a batch's thousand
        // events share one or two types).
        var subscribers = new Dictionary<string, List<WebhookEndpoint>>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            if (!subscribers.TryGetValue(e.Type, out var wanting))
            {
                subscribers[e.Type] = wanting = endpoints.Where(endpoint => endpoint.Wants(e.Type)).ToList();
            }

            foreach (var endpoint in wanting)
            {
                owed.Add(new WebhookDelivery
                {
                    TenantId = e.TenantId, EndpointId = endpoint.Id, EventId = e.Id, Status = DeliveryStatus.Pending,
                    NextAttemptAt = e.OccurredAt, CreatedAt = e.OccurredAt,
                });
            }
        }

        if (owed.Count > 0)
        {
            // One bulk write (binary COPY on PostgreSQL) rather than one tracked entity and INSERT per row.
            if (!await db.InsertWebhookDeliveriesAsync(owed, ct))
            {
                await db.SaveChangesAsync(ct);
            }
        }

        var added = owed.Count;
        return added;
    }

    /// <summary>Tells the dispatcher there is work (a hint; it also polls).</summary>
    public void Wake()
    {
        if (_signal.CurrentCount == 0)
        {
            _signal.Release();
        }
    }

    public void Dispose() => _signal.Dispose();

    /// <summary>Waits until woken or the timeout passes.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);
}
