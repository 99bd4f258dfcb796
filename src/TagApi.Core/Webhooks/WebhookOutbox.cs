using Microsoft.EntityFrameworkCore;
using TagApi.Core.Data;

namespace TagApi.Core.Webhooks;

/// <summary>
/// Turns committed-with-the-change events into deliveries for the tenant's subscribed endpoints,
/// inside the same transaction; the caller hands them to the dispatcher once that commits. A batch of a thousand
/// changes becomes a thousand events and their deliveries in one save, not a thousand transactions.
/// Claim at birth: while this instance's dispatcher runs, the deliveries it has room for are written already
/// claimed by it (a lease, as its claim loop would take) and, after the commit, go to it from memory — no claim
/// query, no wait for a wake-up. Should the instance die first, the lease lapses and any dispatcher's claim loop
/// takes them; before the commit nobody can see them, so nothing is sent for a change that never committed.
/// </summary>
public sealed class WebhookOutbox : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0);
    private DispatchPipeline? _pipeline;

    /// <summary>
    /// Adds and saves the deliveries the events owe. With <paramref name="claimAtBirth"/> (the caller commits right
    /// after and then calls <see cref="HandOffAsync"/>), those the running dispatcher has room for are born claimed.
    /// </summary>
    internal async Task<OwedDeliveries> FanOutAsync(TagApiDbContext db, IReadOnlyList<Event> events, bool claimAtBirth, CancellationToken ct)
    {
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

        var pipeline = claimAtBirth ? Volatile.Read(ref _pipeline) : null;
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

        if (taken.Count == 0)
        {
            return new OwedDeliveries(owed.Count, [], null, claims.WakeForRest);
        }

        // Every endpoint sends the event's one encoded body.
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

        return new OwedDeliveries(owed.Count, born, pipeline, claims.WakeForRest);
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

    /// <summary>
    /// After the commit: starts the deliveries born claimed and wakes the dispatcher for the rest. Should the dispatcher
    /// have stopped meanwhile, their claims are given back so another instance takes them at once.
    /// </summary>
    internal async Task HandOffAsync(OwedDeliveries owed)
    {
        if (owed.Born.Count > 0 && !owed.Pipeline!.TryHandOff(owed.Born))
        {
            try
            {
                await owed.Pipeline.ReleaseAsync([.. owed.Born.Select(c => c.Delivery.Id)]);
            }
            catch (Exception e) when (e is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
            {
                // The change is committed and must be reported so; the lease lapses on its own and the deliveries are
                // claimed then.
            }
        }

        if (owed.Count > owed.Born.Count && owed.WakeForRest)
        {
            Wake();
        }
    }

    /// <summary>The running dispatcher pipeline takes deliveries at birth from now on.</summary>
    internal void Attach(DispatchPipeline pipeline) => Volatile.Write(ref _pipeline, pipeline);

    /// <summary>The pipeline stops: later writes leave their deliveries unclaimed.</summary>
    internal void Detach(DispatchPipeline pipeline) => Interlocked.CompareExchange(ref _pipeline, null, pipeline);

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

/// <summary>
/// What a save's fan-out owes: how many deliveries, those born claimed by <paramref name="Pipeline"/>, and whether the
/// dispatcher is to be woken for the rest (not when they wait only for queues that wake it themselves as they drain).
/// </summary>
internal sealed record OwedDeliveries(int Count, IReadOnlyList<ClaimedDelivery> Born, DispatchPipeline? Pipeline, bool WakeForRest)
{
    public static readonly OwedDeliveries None = new(0, [], null, false);
}
