using Microsoft.EntityFrameworkCore;
using TagApi.Core.Data;

namespace TagApi.Core.Webhooks;

/// <summary>
/// A batch's outcomes in one statement, failures included, on a provider that writes them so
/// (<see cref="TagApiDbContext.WritesDeliveryOutcomesInOneStatement"/>, PostgreSQL).
/// </summary>
internal static partial class DeliveryRecorder
{
    // The attempt log, every delivery's new state, the answering endpoints' recovery and the failing endpoints' streaks
    // are one statement, in its own implicit transaction. Failures once took a transaction of
    // their own (read the endpoints, this statement, save them, commit); a receiver failing half the time put one
    // failure in nearly every batch of its writer, so that writer paid three round trips and an EF read per batch.
    // What needs the endpoint rows is judged inside the statement: an endpoint disabled since the claim fails the
    // delivery for good, and the streak starts (or restarts) there. Disabling, which writes an event through the
    // outbox, is rare and stays in EF: 410 Gone takes the whole batch through one transaction with it; an endpoint
    // found failing for five days is disabled by a second transaction right after the statement (should the
    // process stop between the two, its streak is kept, so its next failure disables it).
    private static async Task<List<DateTime>> RecordInOneStatementAsync(TagApiDbContext db, IReadOnlyList<DeliveryResult> results, DateTime now, CancellationToken ct)
    {
        var failed = results.Where(r => !r.Outcome.Succeeded).ToList();
        var answering = results.Where(r => r.Outcome.Succeeded).Select(r => r.Claim.Delivery.EndpointId).ToHashSet();
        if (failed.Any(r => r.Outcome.StatusCode == 410))
        {
            return await RecordWithDisablingAsync(db, results, failed, answering, now, ct);
        }

        var failing = failed.Select(r => r.Claim.Delivery.EndpointId).ToHashSet();
        // An endpoint that both answered and failed in this batch starts a new streak now.
        long[] restarted = [.. failing.Where(answering.Contains)];
        answering.ExceptWith(failing);
        var judged = failed.Select(r => Retry(r, now)).ToDictionary(f => f.DeliveryId);
        var overdue = await WriteOutcomesAsync(db, results, judged, [.. answering], [.. failing], restarted, now, ct);
        if (overdue.Count > 0)
        {
            await DisableOverdueAsync(db, overdue, now, ct);
        }

        // A retry the statement dropped (its endpoint disabled meanwhile) is still listed: one claim for nothing.
        return RetriesDue(judged.Values);
    }

    private static async Task<List<DateTime>> RecordWithDisablingAsync(
        TagApiDbContext db, IReadOnlyList<DeliveryResult> results, List<DeliveryResult> failed, HashSet<long> answering, DateTime now, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var judged = await JudgeFailuresAsync(db, failed, answering, now, ct);
        // The endpoints' streaks and disabling are staged on tracked rows by the judgement and written by the save.
        answering.ExceptWith(failed.Select(r => r.Claim.Delivery.EndpointId));
        await WriteOutcomesAsync(db, results, judged.ToDictionary(f => f.DeliveryId), [.. answering], [], [], now, ct);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return RetriesDue(judged);
    }

    private static async Task DisableOverdueAsync(TagApiDbContext db, List<long> overdue, DateTime now, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var endpoints = await db.WebhookEndpoints.IgnoreQueryFilters().Where(e => overdue.Contains(e.Id)).ToListAsync(ct);
        foreach (var endpoint in endpoints.Where(e => e.FailingSince is { } since && now - since > RetrySchedule.DisableAfter))
        {
            Disable(endpoint, now, DisabledForFailing);
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }

    // What the statement writes, judged here; how it is written is the provider's. Returns the failing endpoints whose
    // streak began more than five days before this batch (see the caller).
    private static Task<List<long>> WriteOutcomesAsync(
        TagApiDbContext db, IReadOnlyList<DeliveryResult> results, Dictionary<long, FailedAttempt> failures, long[] answering,
        long[] failing, long[] restarted, DateTime now, CancellationToken ct)
    {
        var outcomes = new List<DeliveryOutcomeRow>(results.Count);
        foreach (var (claim, outcome, _) in results)
        {
            var delivery = claim.Delivery;
            var failure = failures.GetValueOrDefault(delivery.Id);
            outcomes.Add(new DeliveryOutcomeRow(
                delivery.Id, delivery.TenantId, delivery.EndpointId, delivery.EventId, failure?.Status ?? DeliveryStatus.Succeeded,
                outcome.StatusCode, (int)outcome.Duration.TotalMilliseconds, Truncate(outcome.Error),
                failure?.NextAttemptAt ?? delivery.NextAttemptAt, failure?.Completed ?? true));
        }

        // A retry owed to an endpoint that is disabled (or gone) by now is not scheduled: the delivery fails for good and
        // keeps its last due time, as the judgement on tracked rows does. The statement reads the endpoints as they were
        // before its own updates: a streak it starts here is not overdue.
        return db.WriteDeliveryOutcomesAsync(new DeliveryOutcomeBatch(outcomes, answering, failing, restarted, now, now - RetrySchedule.DisableAfter), ct);
    }
}
