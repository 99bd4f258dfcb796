using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TagApi.Core.Common;
using TagApi.Core.Data;

namespace TagApi.Core.Webhooks;

/// <summary>A claimed delivery with what the dispatcher needs to send it.</summary>
internal sealed record ClaimedDelivery(WebhookDelivery Delivery, WebhookEndpoint? Endpoint, OutgoingEvent Payload, DateTime ClaimedUntil);

/// <summary>A delivery and how its attempt ended.</summary>
internal sealed record DeliveryResult(ClaimedDelivery Claim, DeliveryOutcome Outcome);

/// <summary>
/// Writes the outcomes of many attempts in one transaction: the attempt log as one insert,
/// successes (the common case) as one set-based update without reading rows, and failures row by
/// row, since each gets its own retry time and may disable its endpoint.
/// </summary>
internal static class DeliveryRecorder
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task RecordAsync(TagApiDbContext db, IReadOnlyList<DeliveryResult> results, DateTime now, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.InsertWebhookAttemptsAsync([.. results.Select(r => new WebhookAttempt
        {
            TenantId = r.Claim.Delivery.TenantId, DeliveryId = r.Claim.Delivery.Id, EndpointId = r.Claim.Delivery.EndpointId, EventId = r.Claim.Delivery.EventId,
            At = now, StatusCode = r.Outcome.StatusCode, DurationMs = (int)r.Outcome.Duration.TotalMilliseconds, Error = Truncate(r.Outcome.Error),
        })], ct);

        // Cross-tenant by design: the dispatcher serves every tenant; each row carries its own tenant.
        foreach (var group in results.Where(r => r.Outcome.Succeeded).GroupBy(r => r.Outcome.StatusCode))
        {
            var ids = group.Select(r => r.Claim.Delivery.Id).ToList();
            await db.WebhookDeliveries.IgnoreQueryFilters().Where(d => ids.Contains(d.Id)).ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, DeliveryStatus.Succeeded).SetProperty(d => d.Attempts, d => d.Attempts + 1)
                .SetProperty(d => d.LastStatusCode, group.Key).SetProperty(d => d.LastError, (string?)null)
                .SetProperty(d => d.ClaimedUntil, (DateTime?)null).SetProperty(d => d.CompletedAt, now), ct);
        }

        var answering = results.Where(r => r.Outcome.Succeeded).Select(r => r.Claim.Delivery.EndpointId).Distinct().ToList();
        if (answering.Count > 0)
        {
            await db.WebhookEndpoints.IgnoreQueryFilters().Where(e => answering.Contains(e.Id) && e.FailingSince != null)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.FailingSince, (DateTime?)null), ct);
        }

        var failed = results.Where(r => !r.Outcome.Succeeded).ToList();
        if (failed.Count > 0)
        {
            await RecordFailuresAsync(db, failed, now, ct);
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }

    private static async Task RecordFailuresAsync(TagApiDbContext db, List<DeliveryResult> failed, DateTime now, CancellationToken ct)
    {
        var ids = failed.Select(r => r.Claim.Delivery.Id).ToList();
        var rows = await db.WebhookDeliveries.IgnoreQueryFilters().Where(d => ids.Contains(d.Id)).ToDictionaryAsync(d => d.Id, ct);
        var endpointIds = failed.Select(r => r.Claim.Delivery.EndpointId).Distinct().ToList();
        var targets = await db.WebhookEndpoints.IgnoreQueryFilters().Where(e => endpointIds.Contains(e.Id)).ToDictionaryAsync(e => e.Id, ct);
        foreach (var (claim, outcome) in failed)
        {
            var row = rows[claim.Delivery.Id];
            row.Attempts++;
            row.LastStatusCode = outcome.StatusCode;
            row.LastError = Truncate(outcome.Error);
            row.ClaimedUntil = null;
            var target = targets.GetValueOrDefault(row.EndpointId);
            if (outcome.StatusCode == 410 || target is not { Enabled: true })
            {
                row.Status = DeliveryStatus.Failed;
                row.CompletedAt = now;
                Disable(db, target, now, "The receiver answered 410 Gone.");
                continue;
            }

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
    }

    // The column holds 500 characters; EF never checked that, COPY would fail the whole batch on a longer message.
    private static string? Truncate(string? error) => error is { Length: > 500 } ? error[..500] : error;

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
}
