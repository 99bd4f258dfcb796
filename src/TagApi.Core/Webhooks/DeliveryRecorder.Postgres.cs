using Microsoft.EntityFrameworkCore;
using TagApi.Core.Data;

namespace TagApi.Core.Webhooks;

/// <summary>PostgreSQL: a batch's outcomes in one statement, failures included.</summary>
internal static partial class DeliveryRecorder
{
    // The attempt log, every delivery's new state, the answering endpoints' recovery and the failing endpoints' streaks
    // are one statement over unnested arrays, in its own implicit transaction. Failures once took a transaction of
    // their own (read the endpoints, this statement, save them, commit); a receiver failing half the time put one
    // failure in nearly every batch of its writer, so that writer paid three round trips and an EF read per batch.
    // What needs the endpoint rows is judged inside the statement: an endpoint disabled since the claim fails the
    // delivery for good, and the streak starts (or restarts) there. Disabling, which writes an event through the
    // outbox, is rare and stays in EF: 410 Gone takes the whole batch through one transaction with it; an endpoint
    // found failing for five days is disabled by a second transaction right after the statement (should the
    // process stop between the two, its streak is kept, so its next failure disables it).
    private static async Task<List<DateTime>> RecordOnPostgresAsync(TagApiDbContext db, IReadOnlyList<DeliveryResult> results, DateTime now, CancellationToken ct)
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

    // Arrays of nullable numbers are avoided: -1 stands for "no status code" and a flag for "completed now". Returns
    // the failing endpoints whose streak began more than five days before this batch (see the caller).
    private static Task<List<long>> WriteOutcomesAsync(
        TagApiDbContext db, IReadOnlyList<DeliveryResult> results, Dictionary<long, FailedAttempt> failures, long[] answering,
        long[] failing, long[] restarted, DateTime now, CancellationToken ct)
    {
        var count = results.Count;
        var ids = new long[count];
        var tenants = new long[count];
        var endpoints = new long[count];
        var events = new long[count];
        var statuses = new string[count];
        var codes = new int[count];
        var durations = new int[count];
        var errors = new string?[count];
        var next = new DateTime[count];
        var completed = new bool[count];
        for (var i = 0; i < count; i++)
        {
            var (claim, outcome, _) = results[i];
            var delivery = claim.Delivery;
            ids[i] = delivery.Id;
            tenants[i] = delivery.TenantId;
            endpoints[i] = delivery.EndpointId;
            events[i] = delivery.EventId;
            codes[i] = outcome.StatusCode ?? -1;
            durations[i] = (int)outcome.Duration.TotalMilliseconds;
            errors[i] = Truncate(outcome.Error);
            var failure = failures.GetValueOrDefault(delivery.Id);
            statuses[i] = (failure?.Status ?? DeliveryStatus.Succeeded).ToString();
            next[i] = DateTime.SpecifyKind(failure?.NextAttemptAt ?? delivery.NextAttemptAt, DateTimeKind.Utc);
            completed[i] = failure?.Completed ?? true;
        }

        // A retry owed to an endpoint that is disabled (or gone) by now is not scheduled: the delivery fails for good and
        // keeps its last due time, as the judgement on tracked rows does. The statement reads the endpoints as they were
        // before its own updates: a streak it starts here is not overdue.
        var cutoff = now - RetrySchedule.DisableAfter;
        return db.Database.SqlQuery<long>(
            $"""
             WITH o AS (
                 SELECT u.*, u.status = 'Pending' AND e."Enabled" IS NOT TRUE AS dropped
                 FROM unnest({ids}, {tenants}, {endpoints}, {events}, {statuses}, {codes}, {durations}, {errors}, {next}, {completed})
                     AS u(id, tenant, endpoint, event, status, code, duration, error, next, completed)
                 LEFT JOIN "WebhookEndpoints" AS e ON e."Id" = u.endpoint),
             logged AS (
                 INSERT INTO "WebhookAttempts" ("TenantId", "DeliveryId", "EndpointId", "EventId", "At", "StatusCode", "DurationMs", "Error")
                 SELECT tenant, id, endpoint, event, {now}, NULLIF(code, -1), duration, error FROM o),
             recovered AS (
                 UPDATE "WebhookEndpoints" SET "FailingSince" = NULL WHERE "Id" = ANY({answering}) AND "FailingSince" IS NOT NULL),
             streak AS (
                 UPDATE "WebhookEndpoints" SET "FailingSince" = {now}
                 WHERE "Id" = ANY({failing}) AND "Enabled" AND ("FailingSince" IS NULL OR "Id" = ANY({restarted}))),
             written AS (
                 UPDATE "WebhookDeliveries" AS d SET "Status" = CASE WHEN o.dropped THEN 'Failed' ELSE o.status END,
                     "Attempts" = d."Attempts" + 1, "LastStatusCode" = NULLIF(o.code, -1), "LastError" = o.error, "ClaimedUntil" = NULL,
                     "NextAttemptAt" = CASE WHEN o.dropped THEN d."NextAttemptAt" ELSE o.next END,
                     "CompletedAt" = CASE WHEN o.completed OR o.dropped THEN {now} END
                 FROM o WHERE d."Id" = o.id)
             SELECT "Id" AS "Value" FROM "WebhookEndpoints"
             WHERE "Id" = ANY({failing}) AND "Enabled" AND "FailingSince" < {cutoff} AND NOT ("Id" = ANY({restarted}))
             """).ToListAsync(ct);
    }
}
