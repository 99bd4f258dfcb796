using Microsoft.EntityFrameworkCore;
using TagApi.Core.Data;

namespace TagApi.Core.Webhooks;

/// <summary>PostgreSQL: a batch's outcomes in one statement.</summary>
internal static partial class DeliveryRecorder
{
    // The attempt log, every delivery's new state and the answering endpoints' recovery are one statement over
    // unnested arrays: a batch of successes (the common case) is one round trip in its own implicit transaction,
    // where the attempt COPY, an update per status code, the endpoint update and the commit took six. Failures need
    // their endpoints' rows first (failure streak, disabling), so a batch with any takes a transaction: read them,
    // this statement, the endpoints' save, commit.
    private static async Task RecordOnPostgresAsync(TagApiDbContext db, IReadOnlyList<DeliveryResult> results, DateTime now, CancellationToken ct)
    {
        var failed = results.Where(r => !r.Outcome.Succeeded).ToList();
        var answering = results.Where(r => r.Outcome.Succeeded).Select(r => r.Claim.Delivery.EndpointId).ToHashSet();
        if (failed.Count == 0)
        {
            await WriteOutcomesAsync(db, results, [], [.. answering], now, ct);
            return;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var judged = await JudgeFailuresAsync(db, failed, answering, now, ct);
        // An endpoint that also failed in this batch has its streak set by the save below, not cleared.
        answering.ExceptWith(failed.Select(r => r.Claim.Delivery.EndpointId));
        await WriteOutcomesAsync(db, results, judged.ToDictionary(f => f.DeliveryId), [.. answering], now, ct);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }

    // Arrays of nullable numbers are avoided: -1 stands for "no status code" and a flag for "completed now".
    private static Task<int> WriteOutcomesAsync(
        TagApiDbContext db, IReadOnlyList<DeliveryResult> results, Dictionary<long, FailedAttempt> failures, long[] answering, DateTime now, CancellationToken ct)
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

        return db.Database.ExecuteSqlAsync(
            $"""
             WITH o AS (
                 SELECT * FROM unnest({ids}, {tenants}, {endpoints}, {events}, {statuses}, {codes}, {durations}, {errors}, {next}, {completed})
                     AS o(id, tenant, endpoint, event, status, code, duration, error, next, completed)),
             logged AS (
                 INSERT INTO "WebhookAttempts" ("TenantId", "DeliveryId", "EndpointId", "EventId", "At", "StatusCode", "DurationMs", "Error")
                 SELECT tenant, id, endpoint, event, {now}, NULLIF(code, -1), duration, error FROM o),
             recovered AS (
                 UPDATE "WebhookEndpoints" SET "FailingSince" = NULL WHERE "Id" = ANY({answering}) AND "FailingSince" IS NOT NULL)
             UPDATE "WebhookDeliveries" AS d SET "Status" = o.status, "Attempts" = d."Attempts" + 1, "LastStatusCode" = NULLIF(o.code, -1),
                 "LastError" = o.error, "ClaimedUntil" = NULL, "NextAttemptAt" = o.next, "CompletedAt" = CASE WHEN o.completed THEN {now} END
             FROM o WHERE d."Id" = o.id
             """,
            ct);
    }
}
