using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TagApi.Core.Common;
using TagApi.Core.Data;

namespace TagApi.Core.Webhooks;

/// <summary>
/// Delivers due webhook deliveries: claims them in batches, posts each event signed per attempt
/// (fresh timestamp, constant <c>webhook-id</c>), at most <see cref="WebhookDispatchSettings.PerEndpointConcurrency"/>
/// at a time per endpoint so a slow receiver only slows itself, and records every attempt and its
/// outcome in batches. <see cref="RunAsync"/> is the server's continuous pipeline;
/// <see cref="RunOnceAsync"/> delivers a single batch start to finish.
/// </summary>
public sealed class WebhookDispatcher(
    IServiceScopeFactory scopes, HttpClient http, WebhookUrlPolicy urls, TimeProvider clock, WebhookDispatchSettings? settings = null)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly WebhookSender _sender = new(http, urls, clock);
    private readonly ConcurrentDictionary<long, SemaphoreSlim> _endpointGates = new();

    public WebhookDispatchSettings Settings { get; } = settings ?? new WebhookDispatchSettings();

    /// <summary>
    /// Delivers until cancelled, keeping every endpoint's queue topped up independently; idles on the
    /// outbox's signal (or the poll interval). On cancellation, claims not yet recorded are released.
    /// </summary>
    public Task RunAsync(WebhookOutbox signal, CancellationToken ct) => new DispatchPipeline(this, signal).RunAsync(ct);

    /// <summary>Claims and delivers one batch; returns how many deliveries were claimed.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var claimed = await ClaimAsync(EndpointRoom.Everywhere(Settings.BatchSize), ct);
        if (claimed.Count == 0)
        {
            return 0;
        }

        var recorded = false;
        try
        {
            var results = await Task.WhenAll(claimed.Select(c => DeliverAsync(c, ct)));
            await RecordAsync([.. results.OfType<DeliveryResult>()], ct);
            recorded = true;
        }
        finally
        {
            if (!recorded)
            {
                await ReleaseAsync(claimed.Select(c => c.Delivery.Id).ToList());
            }
        }

        return claimed.Count;
    }

    /// <summary>Sends a signed test event to the endpoint now and reports how the receiver answered; nothing is stored.</summary>
    public async Task<(int? StatusCode, int DurationMs, string? Error)> PingAsync(WebhookEndpoint endpoint, CancellationToken ct)
    {
        var ping = new Event
        {
            Id = 0, TenantId = endpoint.TenantId, Type = "webhook_endpoint.test", OccurredAt = clock.UtcNow(),
            Data = JsonSerializer.Serialize(new { endpoint = new { id = PublicId.Encode(IdPrefixes.WebhookEndpoint, endpoint.Id) } }, Json),
        };
        var outcome = await _sender.SendAsync(endpoint, ping, ct);
        return (outcome.StatusCode, (int)outcome.Duration.TotalMilliseconds, outcome.Error);
    }

    /// <summary>The dispatcher's clock (the one due times and claims are reckoned by).</summary>
    internal DateTime Now() => clock.UtcNow();

    /// <summary>When a claim taken now lapses.</summary>
    internal DateTime BornClaimUntil() => clock.UtcNow() + Settings.Lease;

    /// <summary>Claims due deliveries (no more per endpoint than its room) with their events and endpoints.</summary>
    internal async Task<List<ClaimedDelivery>> ClaimAsync(EndpointRoom room, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TagApiDbContext>();
        var now = clock.UtcNow();
        if (DeliveryClaims.IsPostgres(db))
        {
            var rows = await DeliveryClaims.ClaimWithEventsAsync(db, now, Settings.Lease, Settings.BatchSize, room, ct);
            return FromRows(rows, now + Settings.Lease);
        }

        var ids = await DeliveryClaims.ClaimAsync(db, now, Settings.Lease, Settings.BatchSize, room, ct);
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
        return deliveries.Select(d => new ClaimedDelivery(d, endpoints.GetValueOrDefault(d.EndpointId), PayloadOf(payloads, d.Event!), now + Settings.Lease)).ToList();
    }

    private static List<ClaimedDelivery> FromRows(List<ClaimedRow> rows, DateTime claimedUntil)
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

    /// <summary>One attempt, within the endpoint's concurrency limit; null when the claim lapsed while it waited.</summary>
    internal async Task<DeliveryResult?> DeliverAsync(ClaimedDelivery claim, CancellationToken ct)
    {
        var gate = _endpointGates.GetOrAdd(claim.Delivery.EndpointId, _ => new SemaphoreSlim(Settings.PerEndpointConcurrency));
        await gate.WaitAsync(ct);
        try
        {
            if (clock.UtcNow() >= claim.ClaimedUntil)
            {
                // Another dispatcher may have claimed it since; sending now could deliver the same attempt twice.
                return null;
            }

            var outcome = claim.Endpoint is { Enabled: true } endpoint
                ? await _sender.SendAsync(endpoint, claim.Payload, ct)
                : new DeliveryOutcome(null, "endpoint disabled or deleted", TimeSpan.Zero, null);
            return new DeliveryResult(claim, outcome, clock.UtcNow());
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Writes the outcomes; returns when the retries it scheduled are due.</summary>
    internal async Task<List<DateTime>> RecordAsync(IReadOnlyList<DeliveryResult> results, CancellationToken ct)
    {
        if (results.Count == 0)
        {
            return [];
        }

        // Outcomes are written in batches, a moment after their attempts: the log, the retry schedule and an endpoint's
        // failure streak go by when the batch's attempts were made (the earliest of them), not by when it is written.
        await using var scope = scopes.CreateAsyncScope();
        return await DeliveryRecorder.RecordAsync(scope.ServiceProvider.GetRequiredService<TagApiDbContext>(), results, results.Min(r => r.At), ct);
    }

    /// <summary>Gives claims back (at shutdown, or after a failed write), so another dispatcher picks them up at once.</summary>
    internal async Task ReleaseAsync(IReadOnlyCollection<long> ids)
    {
        if (ids.Count == 0)
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        await DeliveryClaims.ReleaseAsync(scope.ServiceProvider.GetRequiredService<TagApiDbContext>(), ids);
    }
}
