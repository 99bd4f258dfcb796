using Microsoft.EntityFrameworkCore;
using TagApi.Core.Data;

namespace TagApi.Core.Webhooks;

/// <summary>
/// Claims due deliveries in batches so several dispatchers (several server instances) never hold the same one. The
/// claim itself is the provider's (<see cref="TagApiDbContext.ClaimDeliveriesAsync"/>: <c>FOR UPDATE SKIP LOCKED</c> on
/// PostgreSQL, <c>READPAST</c> on SQL Server, SQLite's single writer lock). A provider that can claims and reads in one
/// round trip and skips endpoints whose dispatcher queue is full, so a slow receiver's backlog never crowds out the
/// others' work; for the others the claimed deliveries, their events and endpoints are read here.
/// </summary>
internal static class DeliveryClaims
{
    /// <summary>Claims due deliveries (no more per endpoint than its room, where the provider can) with their events and endpoints, oldest first.</summary>
    public static async Task<List<ClaimedDelivery>> ClaimAsync(TagApiDbContext db, DeliveryClaim claim, CancellationToken ct)
    {
        if (await db.ClaimDeliveriesWithEventsAsync(claim, ct) is { } rows)
        {
            return FromRows(rows, claim.Until);
        }

        var ids = await db.ClaimDeliveriesAsync(claim, ct);
        if (ids.Count == 0)
        {
            return [];
        }

        // Cross-tenant by design: the dispatcher serves every tenant; each row carries its own tenant.
        var deliveries = await db.WebhookDeliveries.IgnoreQueryFilters().AsNoTracking().Include(d => d.Event)
            .Where(d => ids.Contains(d.Id)).OrderBy(d => d.NextAttemptAt).ThenBy(d => d.Id).ToListAsync(ct);
        var endpointIds = deliveries.Select(d => d.EndpointId).Distinct().ToList();
        var endpoints = await db.WebhookEndpoints.IgnoreQueryFilters().AsNoTracking().Where(e => endpointIds.Contains(e.Id)).ToDictionaryAsync(e => e.Id, ct);
        var payloads = new Dictionary<long, OutgoingEvent>();
        return deliveries.Select(d => new ClaimedDelivery(d, endpoints.GetValueOrDefault(d.EndpointId), PayloadOf(payloads, d.Event!), claim.Until)).ToList();
    }

    /// <summary>Gives unfinished claims back at shutdown, so another dispatcher picks them up at once.</summary>
    public static Task<int> ReleaseAsync(TagApiDbContext db, IReadOnlyCollection<DeliveryKey> deliveries)
    {
        // The tenants too, so that the lookup is a range of the (TenantId, Id) key rather than a scan of the table.
        var tenants = deliveries.Select(d => d.TenantId).Distinct().ToList();
        var ids = deliveries.Select(d => d.Id).ToList();
        return db.WebhookDeliveries.IgnoreQueryFilters()
            .Where(d => tenants.Contains(d.TenantId) && ids.Contains(d.Id) && d.Status == DeliveryStatus.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.ClaimedUntil, (DateTime?)null));
    }

    private static List<ClaimedDelivery> FromRows(List<ClaimedDeliveryRow> rows, DateTime claimedUntil)
    {
        var endpoints = new Dictionary<long, WebhookEndpoint?>();
        var claimed = new List<ClaimedDelivery>(rows.Count);
        var payloads = new Dictionary<long, OutgoingEvent>();
        foreach (var r in rows)
        {
            if (!endpoints.TryGetValue(r.EndpointId, out var endpoint))
            {
                endpoint = r.EndpointUrl is null ? null : new WebhookEndpoint
                {
                    Id = r.EndpointId, TenantId = r.TenantId, Url = r.EndpointUrl, Secret = r.EndpointSecret!, PreviousSecret = r.EndpointPreviousSecret,
                    PreviousSecretUntil = r.EndpointPreviousSecretUntil, Enabled = r.EndpointEnabled,
                };
                endpoints[r.EndpointId] = endpoint;
            }

            var payload = payloads.TryGetValue(r.EventId, out var known)
                ? known
                : PayloadOf(payloads, new Event { Id = r.EventId, TenantId = r.TenantId, Type = r.EventType, OccurredAt = r.EventOccurredAt, Data = r.EventData });
            var e = payload.Event;
            var delivery = new WebhookDelivery
            {
                Id = r.Id, TenantId = r.TenantId, EndpointId = r.EndpointId, EventId = r.EventId, Event = e, Status = DeliveryStatus.Pending,
                Attempts = r.Attempts, NextAttemptAt = r.NextAttemptAt, ClaimedUntil = claimedUntil, CreatedAt = r.CreatedAt,
            };
            claimed.Add(new ClaimedDelivery(delivery, endpoint, payload, claimedUntil));
        }

        return claimed;
    }

    // A batch claims each event once per subscribed endpoint; they all send the one body.
    private static OutgoingEvent PayloadOf(Dictionary<long, OutgoingEvent> payloads, Event e)
    {
        if (!payloads.TryGetValue(e.Id, out var payload))
        {
            payloads[e.Id] = payload = new OutgoingEvent(e);
        }

        return payload;
    }
}
