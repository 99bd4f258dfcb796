using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using TagApi.Core.Webhooks;

namespace TagApi.Data.Postgres;

/// <summary>The webhook dispatcher's statements: claims with <c>FOR UPDATE SKIP LOCKED</c>, outcomes in one statement.</summary>
public sealed partial class PostgresTagApiDbContext
{
    protected override Task<List<long>> ClaimDeliveriesAsync(DeliveryClaim claim, CancellationToken ct) =>
        Database.SqlQuery<long>(Claim(claim, "RETURNING d.\"Id\" AS \"Value\"")).ToListAsync(ct);

    /// <summary>Claims and reads in one round trip — each claimed delivery with its event and its endpoint (null when the endpoint is gone), oldest first.</summary>
    protected override async Task<List<ClaimedDeliveryRow>?> ClaimDeliveriesWithEventsAsync(DeliveryClaim claim, CancellationToken ct)
    {
        var claiming = Claim(claim,
            "RETURNING d.\"Id\", d.\"TenantId\", d.\"EndpointId\", d.\"EventId\", d.\"Attempts\", d.\"NextAttemptAt\", d.\"CreatedAt\"");
        var sql = FormattableStringFactory.Create(
            "WITH claimed AS (" + claiming.Format + """
            )
            SELECT c."Id", c."TenantId", c."EndpointId", c."EventId", c."Attempts", c."NextAttemptAt", c."CreatedAt",
                e."Type" AS "EventType", e."OccurredAt" AS "EventOccurredAt", e."Data" AS "EventData",
                p."Url" AS "EndpointUrl", p."Secret" AS "EndpointSecret", p."PreviousSecret" AS "EndpointPreviousSecret",
                p."PreviousSecretUntil" AS "EndpointPreviousSecretUntil", coalesce(p."Enabled", FALSE) AS "EndpointEnabled"
            FROM claimed AS c JOIN "Events" AS e ON e."TenantId" = c."TenantId" AND e."Id" = c."EventId"
                LEFT JOIN "WebhookEndpoints" AS p ON p."TenantId" = c."TenantId" AND p."Id" = c."EndpointId"
            ORDER BY c."NextAttemptAt", c."Id"
            """, claiming.GetArguments());
        return await Database.SqlQuery<ClaimedDeliveryRow>(sql).ToListAsync(ct);
    }

    // Per endpoint (in random order, so no endpoint is always last when the batch fills up): a range scan of
    // (EndpointId, Status, NextAttemptAt) limited to that endpoint's room. A full endpoint costs nothing, where
    // a global "ORDER BY NextAttemptAt" scan would step over every waiting row of a slow receiver.
    // Endpoints are read whether enabled or not: a disabled endpoint's pending deliveries are claimed to be failed.
    private static FormattableString Claim(DeliveryClaim claim, string returning) =>
        FormattableStringFactory.Create(
            """
            UPDATE "WebhookDeliveries" AS d SET "ClaimedUntil" = {0}
            FROM (SELECT c."TenantId", c."Id" FROM
                    (SELECT e."TenantId", e."Id", coalesce(r.room, {1}) AS room FROM "WebhookEndpoints" AS e
                         LEFT JOIN unnest({2}, {3}) AS r(id, room) ON r.id = e."Id"
                     ORDER BY random()) AS e
                    CROSS JOIN LATERAL (SELECT w."TenantId", w."Id" FROM "WebhookDeliveries" AS w
                        WHERE w."TenantId" = e."TenantId" AND w."EndpointId" = e."Id" AND w."Status" = 'Pending' AND w."NextAttemptAt" <= {4}
                            AND (w."ClaimedUntil" IS NULL OR w."ClaimedUntil" < {4})
                        ORDER BY w."NextAttemptAt" LIMIT e.room FOR UPDATE SKIP LOCKED) AS c
                  LIMIT {5}) AS picked
            WHERE d."TenantId" = picked."TenantId" AND d."Id" = picked."Id"
            """ + "\n" + returning.Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal),
            claim.Until, claim.Room.Default, claim.Room.Endpoints, claim.Room.Rooms, claim.Now, claim.BatchSize);

    protected override bool WritesDeliveryOutcomesInOneStatement => true;

    /// <summary>
    /// One statement over unnested arrays. Arrays of nullable numbers are avoided: -1 stands for "no status code" and a
    /// flag for "completed now". The endpoints are read as they were before the statement's own updates.
    /// </summary>
    protected override Task<List<long>> WriteDeliveryOutcomesAsync(DeliveryOutcomeBatch batch, CancellationToken ct)
    {
        var rows = batch.Outcomes;
        var ids = rows.Select(o => o.DeliveryId).ToArray();
        var tenants = rows.Select(o => o.TenantId).ToArray();
        var endpoints = rows.Select(o => o.EndpointId).ToArray();
        var events = rows.Select(o => o.EventId).ToArray();
        var statuses = rows.Select(o => o.Status.ToString()).ToArray();
        var codes = rows.Select(o => o.StatusCode ?? -1).ToArray();
        var durations = rows.Select(o => o.DurationMs).ToArray();
        var errors = rows.Select(o => o.Error).ToArray();
        var next = rows.Select(o => DateTime.SpecifyKind(o.NextAttemptAt, DateTimeKind.Utc)).ToArray();
        var completed = rows.Select(o => o.Completed).ToArray();
        var (now, answering, failing, restarted, cutoff) = (batch.Now, batch.Answering, batch.Failing, batch.Restarted, batch.OverdueBefore);
        return Database.SqlQuery<long>(
            $"""
             WITH o AS (
                 SELECT u.*, u.status = 'Pending' AND e."Enabled" IS NOT TRUE AS dropped
                 FROM unnest({ids}, {tenants}, {endpoints}, {events}, {statuses}, {codes}, {durations}, {errors}, {next}, {completed})
                     AS u(id, tenant, endpoint, event, status, code, duration, error, next, completed)
                 LEFT JOIN "WebhookEndpoints" AS e ON e."TenantId" = u.tenant AND e."Id" = u.endpoint),
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
                 FROM o WHERE d."TenantId" = o.tenant AND d."Id" = o.id)
             SELECT "Id" AS "Value" FROM "WebhookEndpoints"
             WHERE "Id" = ANY({failing}) AND "Enabled" AND "FailingSince" < {cutoff} AND NOT ("Id" = ANY({restarted}))
             """).ToListAsync(ct);
    }
}
