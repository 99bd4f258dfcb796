using Microsoft.EntityFrameworkCore;
using TagApi.Core.Data;

namespace TagApi.Core.Webhooks;

/// <summary>A claimed delivery with what the dispatcher needs to send it.</summary>
internal sealed record ClaimedDelivery(WebhookDelivery Delivery, WebhookEndpoint? Endpoint, OutgoingEvent Payload, DateTime ClaimedUntil);

/// <summary>A delivery, how its attempt ended, and when.</summary>
internal sealed record DeliveryResult(ClaimedDelivery Claim, DeliveryOutcome Outcome, DateTime At);

/// <summary>
/// Writes the outcomes of many attempts in one transaction: the attempt log as one insert,
/// successes (the common case) as one set-based update without reading rows, and failures, each
/// with its own retry time, row by row. A provider that can writes all of it in one statement, failures included
/// (PostgreSQL; see the OneStatement part). Each write returns when the retries it scheduled are due, so the dispatcher can
/// claim them then rather than at its next poll.
/// </summary>
internal static partial class DeliveryRecorder
{
    private static readonly string DisabledForFailing = $"Every delivery failed for {RetrySchedule.DisableAfter.TotalDays:0} days.";

    public static async Task<List<DateTime>> RecordAsync(TagApiDbContext db, IReadOnlyList<DeliveryResult> results, DateTime now, CancellationToken ct)
    {
        if (db.WritesDeliveryOutcomesInOneStatement)
        {
            return await RecordInOneStatementAsync(db, results, now, ct);
        }

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
        var retries = failed.Count > 0 ? await RecordFailuresAsync(db, failed, now, ct) : [];
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return retries;
    }

    private static async Task<List<DateTime>> RecordFailuresAsync(TagApiDbContext db, List<DeliveryResult> failed, DateTime now, CancellationToken ct)
    {
        var outcomes = await JudgeFailuresAsync(db, failed, [], now, ct);
        var ids = outcomes.Select(o => o.DeliveryId).ToList();
        var rows = await db.WebhookDeliveries.IgnoreQueryFilters().Where(d => ids.Contains(d.Id)).ToDictionaryAsync(d => d.Id, ct);
        foreach (var o in outcomes)
        {
            var row = rows[o.DeliveryId];
            row.Attempts++;
            row.LastStatusCode = o.Outcome.StatusCode;
            row.LastError = Truncate(o.Outcome.Error);
            row.ClaimedUntil = null;
            row.Status = o.Status;
            row.NextAttemptAt = o.NextAttemptAt;
            row.CompletedAt = o.Completed ? now : null;
        }

        return RetriesDue(outcomes);
    }

    /// <summary>When the retries among <paramref name="outcomes"/> are due.</summary>
    private static List<DateTime> RetriesDue(IEnumerable<FailedAttempt> outcomes) =>
        [.. outcomes.Where(o => o.Status == DeliveryStatus.Pending).Select(o => o.NextAttemptAt)];

    /// <summary>
    /// What each failed attempt leaves on its delivery (retry time, or failed for good), with the endpoints' failure
    /// streaks and disabling staged on tracked endpoint rows for the next save. An endpoint in
    /// <paramref name="alsoAnswered"/> had successes in the same batch: its streak starts now.
    /// </summary>
    private static async Task<List<FailedAttempt>> JudgeFailuresAsync(
        TagApiDbContext db, List<DeliveryResult> failed, HashSet<long> alsoAnswered, DateTime now, CancellationToken ct)
    {
        var endpointIds = failed.Select(r => r.Claim.Delivery.EndpointId).Distinct().ToList();
        var targets = await db.WebhookEndpoints.IgnoreQueryFilters().Where(e => endpointIds.Contains(e.Id)).ToDictionaryAsync(e => e.Id, ct);
        var outcomes = new List<FailedAttempt>(failed.Count);
        foreach (var (claim, outcome, _) in failed)
        {
            var delivery = claim.Delivery;
            var target = targets.GetValueOrDefault(delivery.EndpointId);
            if (outcome.StatusCode == 410 || target is not { Enabled: true })
            {
                outcomes.Add(new FailedAttempt(delivery.Id, outcome, DeliveryStatus.Failed, delivery.NextAttemptAt, Completed: true));
                Disable(target, now, "The receiver answered 410 Gone.");
                continue;
            }

            outcomes.Add(Retry(claim, outcome, now));
            if (alsoAnswered.Contains(target.Id))
            {
                target.FailingSince = now;
            }

            target.FailingSince ??= now;
            if (now - target.FailingSince > RetrySchedule.DisableAfter)
            {
                Disable(target, now, DisabledForFailing);
            }
        }

        return outcomes;
    }

    /// <summary>A failed attempt's retry: when, or failed for good once the retry window has closed.</summary>
    private static FailedAttempt Retry(DeliveryResult failed, DateTime now) => Retry(failed.Claim, failed.Outcome, now);

    private static FailedAttempt Retry(ClaimedDelivery claim, DeliveryOutcome outcome, DateTime now)
    {
        // The claim read the row and holds it until this write, so its attempt count is the row's.
        var delivery = claim.Delivery;
        var next = RetrySchedule.Next(delivery.Attempts + 1, delivery.CreatedAt, now, outcome.RetryAfter, Random.Shared);
        return new FailedAttempt(delivery.Id, outcome, next is null ? DeliveryStatus.Failed : DeliveryStatus.Pending, next ?? delivery.NextAttemptAt, Completed: next is null);
    }

    // The column holds 500 characters; EF never checked that, COPY would fail the whole batch on a longer message.
    private static string? Truncate(string? error) => error is { Length: > 500 } ? error[..500] : error;

    // The save derives the endpoint's webhook_endpoint.disabled event from this change (the reason set with it is what
    // tells it from a client switching its endpoint off) and fans it out to the tenant's other endpoints, in the
    // transaction that records the failure.
    private static void Disable(WebhookEndpoint? endpoint, DateTime now, string reason)
    {
        if (endpoint is not { Enabled: true })
        {
            return;
        }

        endpoint.Enabled = false;
        endpoint.DisabledReason = reason;
        endpoint.UpdatedAt = now;
    }
}

/// <summary>What a failed attempt leaves on its delivery.</summary>
internal sealed record FailedAttempt(long DeliveryId, DeliveryOutcome Outcome, DeliveryStatus Status, DateTime NextAttemptAt, bool Completed);
