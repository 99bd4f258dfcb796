using Microsoft.EntityFrameworkCore;
using TagApi.Core.Webhooks;

namespace TagApi.Core.Data.Saving;

/// <summary>
/// Save pipeline, step 3 — same transaction as the change. Turns the change's events into one delivery row per
/// subscribed endpoint; the dispatcher sends them once they commit. A batch of a thousand changes becomes a thousand
/// events and their deliveries in one save, not a thousand transactions.
/// Claim at birth: when the save commits its own transaction and this instance's dispatcher runs, the deliveries it
/// has room for are written already claimed by it (a lease, as its claim loop would take) and, after the commit, go
/// to it from memory (<see cref="CommitNotifications"/>) — no claim query, no wait for a wake-up. Should the instance
/// die first, the lease lapses and any dispatcher's claim loop takes them; before the commit nobody can see them, so
/// nothing is sent for a change that never committed.
/// </summary>
public sealed class OutboxFanOut(WebhookOutbox outbox)
{
    /// <summary>
    /// Adds and saves the deliveries the events owe. With <paramref name="claimAtBirth"/> (the save commits right
    /// after and then hands them over), those the running dispatcher has room for are born claimed.
    /// <paramref name="subscribed"/> false (no enabled endpoint when the change log was written, read in that same
    /// round trip) skips the read of the endpoints.
    /// </summary>
    internal async Task<OwedDeliveries> FanOutAsync(TagApiDbContext db, IReadOnlyList<Event> events, bool? subscribed, bool claimAtBirth, CancellationToken ct)
    {
        if (events.Count == 0 || subscribed == false)
        {
            return OwedDeliveries.None;
        }

        var endpoints = await EnabledEndpointsAsync(db, events, ct);
        if (endpoints.Count == 0)
        {
            return OwedDeliveries.None;
        }

        var owed = new List<WebhookDelivery>(events.Count * endpoints.Count);
        var owedTo = new List<(WebhookEndpoint Endpoint, Event Event)>(owed.Capacity);
        var perEndpoint = new Dictionary<long, int>();
        // Subscriptions are matched once per event type (and tenant), not once per event and endpoint (a batch's
        // thousand events share one or two types and one tenant).
        var subscribers = new Dictionary<(long Tenant, string Type), List<WebhookEndpoint>>();
        foreach (var e in events)
        {
            if (!subscribers.TryGetValue((e.TenantId, e.Type), out var wanting))
            {
                subscribers[(e.TenantId, e.Type)] = wanting = endpoints.Where(endpoint => endpoint.TenantId == e.TenantId && endpoint.Wants(e.Type)).ToList();
            }

            foreach (var endpoint in wanting)
            {
                owed.Add(new WebhookDelivery
                {
                    TenantId = e.TenantId, EndpointId = endpoint.Id, EventId = e.Id, Status = DeliveryStatus.Pending,
                    NextAttemptAt = e.OccurredAt, CreatedAt = e.OccurredAt,
                });
                owedTo.Add((endpoint, e));
                perEndpoint[endpoint.Id] = perEndpoint.GetValueOrDefault(endpoint.Id) + 1;
            }
        }

        if (owed.Count == 0)
        {
            return OwedDeliveries.None;
        }

        var pipeline = claimAtBirth ? outbox.Pipeline : null;
        var claims = pipeline?.EndpointsTakenAtBirth(perEndpoint) ?? new BirthClaims([], WakeForRest: true);
        var taken = claims.Taken;
        var claimedUntil = taken.Count > 0 ? pipeline!.BornClaimUntil() : default;
        foreach (var delivery in owed)
        {
            if (taken.Contains(delivery.EndpointId))
            {
                delivery.ClaimedUntil = claimedUntil;
            }
        }

        // One bulk write (binary COPY on PostgreSQL) rather than one tracked entity and INSERT per row; either way the
        // deliveries have their ids afterwards.
        if (!await db.InsertWebhookDeliveriesAsync(owed, ct))
        {
            await db.SaveChangesAsync(ct);
        }

        return taken.Count == 0 ? new OwedDeliveries(owed.Count, [], null, claims.WakeForRest) : Born(owed, owedTo, pipeline!, claims.WakeForRest);
    }

    // The deliveries born claimed, each with its endpoint and the event's one encoded body (every endpoint sends the same).
    private static OwedDeliveries Born(List<WebhookDelivery> owed, List<(WebhookEndpoint Endpoint, Event Event)> owedTo, DispatchPipeline pipeline, bool wakeForRest)
    {
        var payloads = new Dictionary<long, OutgoingEvent>();
        var born = new List<ClaimedDelivery>();
        for (var i = 0; i < owed.Count; i++)
        {
            var delivery = owed[i];
            if (delivery.ClaimedUntil is { } until)
            {
                var (endpoint, e) = owedTo[i];
                if (!payloads.TryGetValue(e.Id, out var payload))
                {
                    payloads[e.Id] = payload = new OutgoingEvent(e);
                }

                born.Add(new ClaimedDelivery(delivery, endpoint, payload, until));
            }
        }

        return new OwedDeliveries(owed.Count, born, pipeline, wakeForRest);
    }

    /// <summary>
    /// The endpoints that may be owed the events: the unit of work's tenant's, through its query filter. A save without a
    /// tenant (the dispatcher disabling endpoints of any tenant) has only events that name their own tenant; the enabled
    /// endpoints of exactly those tenants are read past the filter, and each event goes to its own tenant's alone.
    /// </summary>
    private static Task<List<WebhookEndpoint>> EnabledEndpointsAsync(TagApiDbContext db, IReadOnlyList<Event> events, CancellationToken ct)
    {
        if (db.Tenant.TenantId is not null)
        {
            return db.WebhookEndpoints.AsNoTracking().Where(e => e.Enabled).ToListAsync(ct);
        }

        var tenants = events.Select(e => e.TenantId).Distinct().ToList();
        return db.WebhookEndpoints.IgnoreQueryFilters().AsNoTracking().Where(e => e.Enabled && tenants.Contains(e.TenantId)).ToListAsync(ct);
    }
}
