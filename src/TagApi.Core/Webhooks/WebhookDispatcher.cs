using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using TagApi.Core.Common;
using TagApi.Core.Data;
using TagApi.Core.Telemetry;
using TagApi.Core.Webhooks.Payloads;

namespace TagApi.Core.Webhooks;

/// <summary>
/// Delivers due webhook deliveries: claims them in batches, posts each event signed per attempt
/// (fresh timestamp, constant <c>webhook-id</c>), at most <see cref="WebhookDispatchSettings.PerEndpointConcurrency"/>
/// at a time per endpoint so a slow receiver only slows itself, and records every attempt and its
/// outcome in batches. <see cref="RunAsync"/> is the server's continuous pipeline;
/// <see cref="RunOnceAsync"/> delivers a single batch start to finish.
/// </summary>
public sealed class WebhookDispatcher(
    IServiceScopeFactory scopes, HttpClient http, WebhookUrlPolicy urls, IWebhookSecretProtector secrets, TimeProvider clock,
    WebhookDispatchSettings? settings = null)
{
    private readonly WebhookSender _sender = new(http, urls, secrets, clock);
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
                await ReleaseAsync(claimed.Select(c => DeliveryKey.Of(c.Delivery)).ToList());
            }
        }

        return claimed.Count;
    }

    /// <summary>Sends a signed test event to the endpoint now and reports how the receiver answered; nothing is stored.</summary>
    public async Task<(int? StatusCode, int DurationMs, string? Error)> PingAsync(WebhookEndpoint endpoint, CancellationToken ct)
    {
        var ping = new Event
        {
            Id = 0, TenantId = endpoint.TenantId, Type = EventTypes.WebhookEndpointTest, OccurredAt = clock.UtcNow(),
            Data = EventDataJson.Serialize(new WebhookEndpointTestData(new IdReference(PublicId.Encode(IdPrefixes.WebhookEndpoint, endpoint.Id)))),
        };
        var outcome = await _sender.SendAsync(endpoint, ping, ct);
        return (outcome.StatusCode, (int)outcome.Duration.TotalMilliseconds, outcome.Error);
    }

    /// <summary>The dispatcher's clock (the one due times and claims are reckoned by).</summary>
    internal DateTime Now() => clock.UtcNow();

    /// <summary>When a claim taken now lapses.</summary>
    internal DateTime BornClaimUntil() => clock.UtcNow() + Settings.Lease;

    /// <summary>Claims due deliveries (no more per endpoint than its room, where the provider can) with their events and endpoints.</summary>
    internal async Task<List<ClaimedDelivery>> ClaimAsync(EndpointRoom room, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var now = clock.UtcNow();
        var claim = new DeliveryClaim(now, now + Settings.Lease, Settings.BatchSize, room);
        return await DeliveryClaims.ClaimAsync(scope.ServiceProvider.GetRequiredService<TagApiDbContext>(), claim, ct);
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
        var retries = await DeliveryRecorder.RecordAsync(scope.ServiceProvider.GetRequiredService<TagApiDbContext>(), results, results.Min(r => r.At), ct);
        // Only once the outcome is written: a delivery whose success was not recorded will be sent again.
        if (TagApiTelemetry.DeliveryLatency.Enabled)
        {
            foreach (var r in results.Where(r => r.Outcome.Succeeded))
            {
                TagApiTelemetry.DeliveryLatency.Record(Math.Max(0, (r.At - r.Claim.Delivery.CreatedAt).TotalSeconds));
            }
        }

        return retries;
    }

    /// <summary>Gives claims back (at shutdown, or after a failed write), so another dispatcher picks them up at once.</summary>
    internal async Task ReleaseAsync(IReadOnlyCollection<DeliveryKey> ids)
    {
        if (ids.Count == 0)
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        await DeliveryClaims.ReleaseAsync(scope.ServiceProvider.GetRequiredService<TagApiDbContext>(), ids);
    }
}
