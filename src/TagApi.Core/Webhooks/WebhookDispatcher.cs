using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TagApi.Core.Common;
using TagApi.Core.Data;

namespace TagApi.Core.Webhooks;

/// <summary>
/// Delivers due webhook deliveries: claims a batch, posts each event signed per attempt (fresh
/// timestamp, constant <c>webhook-id</c>), at most <see cref="WebhookDispatchSettings.PerEndpointConcurrency"/> at a time per
/// endpoint so a slow receiver only slows itself, and records every attempt and its outcome.
/// </summary>
public sealed class WebhookDispatcher(
    IServiceScopeFactory scopes, HttpClient http, WebhookUrlPolicy urls, TimeProvider clock, WebhookDispatchSettings? settings = null)
{
    private readonly WebhookDispatchSettings _settings = settings ?? new WebhookDispatchSettings();
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly ConcurrentDictionary<long, SemaphoreSlim> _endpointGates = new();

    public WebhookDispatchSettings Settings => _settings;

    /// <summary>Claims and delivers one batch; returns how many deliveries were attempted.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        List<long> claimed;
        await using (var scope = scopes.CreateAsyncScope())
        {
            claimed = await DeliveryClaims.ClaimAsync(scope.ServiceProvider.GetRequiredService<TagApiDbContext>(), clock.UtcNow(), _settings.Lease, _settings.BatchSize, ct);
        }

        if (claimed.Count == 0)
        {
            return 0;
        }

        var done = new ConcurrentBag<long>();
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TagApiDbContext>();
            // Cross-tenant by design: the dispatcher serves every tenant; each row carries its own tenant.
            var deliveries = await db.WebhookDeliveries.IgnoreQueryFilters().AsNoTracking().Include(d => d.Event)
                .Where(d => claimed.Contains(d.Id)).ToListAsync(ct);
            var endpointIds = deliveries.Select(d => d.EndpointId).Distinct().ToList();
            var endpoints = await db.WebhookEndpoints.IgnoreQueryFilters().AsNoTracking().Where(e => endpointIds.Contains(e.Id)).ToDictionaryAsync(e => e.Id, ct);
            await Task.WhenAll(deliveries.Select(async d =>
            {
                var gate = _endpointGates.GetOrAdd(d.EndpointId, _ => new SemaphoreSlim(_settings.PerEndpointConcurrency));
                await gate.WaitAsync(ct);
                try
                {
                    var outcome = endpoints.TryGetValue(d.EndpointId, out var endpoint) && endpoint.Enabled
                        ? await SendAsync(endpoint, d.Event!, ct)
                        : new DeliveryOutcome(null, "endpoint disabled or deleted", TimeSpan.Zero, null);
                    await RecordAsync(d, endpoint, outcome, ct);
                    done.Add(d.Id);
                }
                finally
                {
                    gate.Release();
                }
            }));
        }
        finally
        {
            var unfinished = claimed.Except(done).ToList();
            if (unfinished.Count > 0)
            {
                await using var scope = scopes.CreateAsyncScope();
                await DeliveryClaims.ReleaseAsync(scope.ServiceProvider.GetRequiredService<TagApiDbContext>(), unfinished);
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
        var outcome = await SendAsync(endpoint, ping, ct);
        return (outcome.StatusCode, (int)outcome.Duration.TotalMilliseconds, outcome.Error);
    }

    /// <summary>The JSON body of an event as receivers get it.</summary>
    public static string Body(Event e, string? id = null) =>
        $$"""{"id":{{JsonSerializer.Serialize(id ?? PublicId.Encode(IdPrefixes.Event, e.Id))}},"type":{{JsonSerializer.Serialize(e.Type)}},"occurredAt":{{JsonSerializer.Serialize(DateTime.SpecifyKind(e.OccurredAt, DateTimeKind.Utc), Json)}},"data":{{e.Data}}}""";

    private async Task<DeliveryOutcome> SendAsync(WebhookEndpoint endpoint, Event e, CancellationToken ct)
    {
        var started = Stopwatch.StartNew();
        try
        {
            var uri = new Uri(endpoint.Url);
            if (await urls.CheckDestinationAsync(uri, ct) is { } refused)
            {
                return new DeliveryOutcome(null, refused, started.Elapsed, null);
            }

            var id = e.Id == 0 ? "evt_test_" + Guid.NewGuid().ToString("N")[..16] : PublicId.Encode(IdPrefixes.Event, e.Id);
            var body = Body(e, id);
            var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
            var secrets = new List<string> { endpoint.Secret };
            if (endpoint.PreviousSecret is { } previous && endpoint.PreviousSecretUntil > clock.UtcNow())
            {
                secrets.Add(previous);
            }

            using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Add("webhook-id", id);
            request.Headers.Add("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
            request.Headers.Add("webhook-signature", WebhookSigner.Header(secrets, id, timestamp, body));
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            var retryAfter = response.Headers.RetryAfter?.Delta
                ?? (response.Headers.RetryAfter?.Date is { } date ? date - clock.GetUtcNow() : null);
            return new DeliveryOutcome((int)response.StatusCode, response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode}", started.Elapsed, retryAfter);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or System.Net.Sockets.SocketException && !ct.IsCancellationRequested)
        {
            return new DeliveryOutcome(null, ex is TaskCanceledException ? "timed out" : ex.Message, started.Elapsed, null);
        }
    }

    private async Task RecordAsync(WebhookDelivery delivery, WebhookEndpoint? endpoint, DeliveryOutcome outcome, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TagApiDbContext>();
        var now = clock.UtcNow();
        var row = await db.WebhookDeliveries.IgnoreQueryFilters().FirstAsync(d => d.Id == delivery.Id, ct);
        row.Attempts++;
        row.LastStatusCode = outcome.StatusCode;
        row.LastError = outcome.Error;
        row.ClaimedUntil = null;
        db.WebhookAttempts.Add(new WebhookAttempt
        {
            TenantId = row.TenantId, DeliveryId = row.Id, EndpointId = row.EndpointId, EventId = row.EventId, At = now,
            StatusCode = outcome.StatusCode, DurationMs = (int)outcome.Duration.TotalMilliseconds, Error = outcome.Error,
        });
        var target = endpoint is null ? null : await db.WebhookEndpoints.IgnoreQueryFilters().FirstOrDefaultAsync(e => e.Id == endpoint.Id, ct);
        if (outcome.Succeeded)
        {
            row.Status = DeliveryStatus.Succeeded;
            row.CompletedAt = now;
            target?.FailingSince = null;
        }
        else if (outcome.StatusCode == 410 || target is not { Enabled: true })
        {
            row.Status = DeliveryStatus.Failed;
            row.CompletedAt = now;
            Disable(db, target, now, "The receiver answered 410 Gone.");
        }
        else
        {
            var next = RetrySchedule.Next(row.Attempts, row.CreatedAt, now, outcome.RetryAfter, Random.Shared);
            row.Status = next is null ? DeliveryStatus.Failed : DeliveryStatus.Pending;
            row.NextAttemptAt = next ?? row.NextAttemptAt;
            row.CompletedAt = next is null ? now : null;
            target.FailingSince ??= now;
            if (now - target.FailingSince > RetrySchedule.DisableAfter)
            {
                Disable(db, target, now, $"Every delivery failed for {RetrySchedule.DisableAfter.TotalDays:0} days.");
            }
        }

        await db.SaveChangesAsync(ct);
    }

    private static void Disable(TagApiDbContext db, WebhookEndpoint? endpoint, DateTime now, string reason)
    {
        if (endpoint is not { Enabled: true })
        {
            return;
        }

        endpoint.Enabled = false;
        endpoint.DisabledReason = reason;
        endpoint.UpdatedAt = now;
        db.Events.Add(new Event
        {
            TenantId = endpoint.TenantId, Type = EventTypes.WebhookEndpointDisabled, OccurredAt = now,
            Data = JsonSerializer.Serialize(new { endpoint = new { id = PublicId.Encode(IdPrefixes.WebhookEndpoint, endpoint.Id), url = endpoint.Url }, reason }, Json),
        });
    }

    private sealed record DeliveryOutcome(int? StatusCode, string? Error, TimeSpan Duration, TimeSpan? RetryAfter)
    {
        public bool Succeeded => StatusCode is >= 200 and < 300;
    }
}
