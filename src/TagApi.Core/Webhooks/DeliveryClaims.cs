using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using TagApi.Core.Data;

namespace TagApi.Core.Webhooks;

/// <summary>
/// Claims due deliveries in batches so several dispatchers (several server instances) never hold
/// the same one: <c>FOR UPDATE SKIP LOCKED</c> on PostgreSQL, <c>READPAST</c> on SQL Server, and
/// SQLite's single writer lock. On PostgreSQL endpoints whose dispatcher queue is full are skipped,
/// so a slow receiver's backlog never crowds out the others' work.
/// </summary>
internal static class DeliveryClaims
{
    /// <summary>
    /// Claims up to <paramref name="batch"/> due deliveries, at most <paramref name="room"/>'s figure per endpoint:
    /// endpoints listed there get their own room (0 = skip), every other endpoint <see cref="EndpointRoom.Default"/>.
    /// </summary>
    public static async Task<List<long>> ClaimAsync(TagApiDbContext db, DateTime now, TimeSpan lease, int batch, EndpointRoom room, CancellationToken ct)
    {
        var until = now + lease;
        var provider = db.Database.ProviderName ?? "";
        FormattableString sql;
        if (IsPostgres(db))
        {
            sql = PostgresClaim(now, until, batch, room, "RETURNING d.\"Id\" AS \"Value\"");
        }
        else if (provider.Contains("SqlServer", StringComparison.Ordinal))
        {
            sql = $"""
                   UPDATE TOP ({batch}) d SET ClaimedUntil = {until} OUTPUT inserted.Id AS Value
                   FROM WebhookDeliveries d WITH (UPDLOCK, READPAST, ROWLOCK)
                   WHERE d.Status = 'Pending' AND d.NextAttemptAt <= {now} AND (d.ClaimedUntil IS NULL OR d.ClaimedUntil < {now})
                   """;
        }
        else
        {
            sql = $"""
                   UPDATE "WebhookDeliveries" SET "ClaimedUntil" = {until}
                   WHERE "Id" IN (SELECT "Id" FROM "WebhookDeliveries"
                       WHERE "Status" = 'Pending' AND "NextAttemptAt" <= {now} AND ("ClaimedUntil" IS NULL OR "ClaimedUntil" < {now})
                       ORDER BY "NextAttemptAt" LIMIT {batch})
                   RETURNING "Id" AS "Value"
                   """;
        }

        return await db.Database.SqlQuery<long>(sql).ToListAsync(ct);
    }

    public static bool IsPostgres(TagApiDbContext db) => (db.Database.ProviderName ?? "").Contains("Npgsql", StringComparison.Ordinal);

    /// <summary>
    /// PostgreSQL: claims and reads in one round trip — each claimed delivery with its event and its endpoint
    /// (null when the endpoint is gone), oldest first.
    /// </summary>
    public static Task<List<ClaimedRow>> ClaimWithEventsAsync(TagApiDbContext db, DateTime now, TimeSpan lease, int batch, EndpointRoom room, CancellationToken ct)
    {
        var claim = PostgresClaim(now, now + lease, batch, room,
            "RETURNING d.\"Id\", d.\"TenantId\", d.\"EndpointId\", d.\"EventId\", d.\"Attempts\", d.\"NextAttemptAt\", d.\"CreatedAt\"");
        var sql = FormattableStringFactory.Create(
            "WITH claimed AS (" + claim.Format + """
            )
            SELECT c."Id", c."TenantId", c."EndpointId", c."EventId", c."Attempts", c."NextAttemptAt", c."CreatedAt",
                e."Type" AS "EventType", e."OccurredAt" AS "EventOccurredAt", e."Data" AS "EventData",
                p."Url" AS "EndpointUrl", p."Secret" AS "EndpointSecret", p."PreviousSecret" AS "EndpointPreviousSecret",
                p."PreviousSecretUntil" AS "EndpointPreviousSecretUntil", coalesce(p."Enabled", FALSE) AS "EndpointEnabled"
            FROM claimed AS c JOIN "Events" AS e ON e."Id" = c."EventId" LEFT JOIN "WebhookEndpoints" AS p ON p."Id" = c."EndpointId"
            ORDER BY c."NextAttemptAt", c."Id"
            """, claim.GetArguments());
        return db.Database.SqlQuery<ClaimedRow>(sql).ToListAsync(ct);
    }

    // Per endpoint (in random order, so no endpoint is always last when the batch fills up): a range scan of
    // (EndpointId, Status, NextAttemptAt) limited to that endpoint's room. A full endpoint costs nothing, where
    // the former global "ORDER BY NextAttemptAt" scan had to step over every waiting row of a slow receiver.
    // Endpoints are read whether enabled or not: a disabled endpoint's pending deliveries are claimed to be failed.
    private static FormattableString PostgresClaim(DateTime now, DateTime until, int batch, EndpointRoom room, string returning) =>
        FormattableStringFactory.Create(
            """
            UPDATE "WebhookDeliveries" AS d SET "ClaimedUntil" = {0}
            FROM (SELECT c."Id" FROM
                    (SELECT e."Id", coalesce(r.room, {1}) AS room FROM "WebhookEndpoints" AS e
                         LEFT JOIN unnest({2}, {3}) AS r(id, room) ON r.id = e."Id"
                     ORDER BY random()) AS e
                    CROSS JOIN LATERAL (SELECT w."Id" FROM "WebhookDeliveries" AS w
                        WHERE w."EndpointId" = e."Id" AND w."Status" = 'Pending' AND w."NextAttemptAt" <= {4}
                            AND (w."ClaimedUntil" IS NULL OR w."ClaimedUntil" < {4})
                        ORDER BY w."NextAttemptAt" LIMIT e.room FOR UPDATE SKIP LOCKED) AS c
                  LIMIT {5}) AS picked
            WHERE d."Id" = picked."Id"
            """ + "\n" + returning.Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal),
            until, room.Default, room.Endpoints, room.Rooms, now, batch);

    /// <summary>Gives unfinished claims back at shutdown, so another dispatcher picks them up at once.</summary>
    public static Task<int> ReleaseAsync(TagApiDbContext db, IReadOnlyCollection<long> ids) =>
        db.WebhookDeliveries.IgnoreQueryFilters()
            .Where(d => ids.Contains(d.Id) && d.Status == DeliveryStatus.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.ClaimedUntil, (DateTime?)null));
}

/// <summary>How many more deliveries each endpoint may have claimed: the listed endpoints their own figure, any other <see cref="Default"/>.</summary>
internal sealed record EndpointRoom(long[] Endpoints, int[] Rooms, int Default)
{
    public static EndpointRoom Everywhere(int room) => new([], [], room);
}

/// <summary>One row of <see cref="DeliveryClaims.ClaimWithEventsAsync"/>: a claimed delivery, its event and its endpoint.</summary>
internal sealed class ClaimedRow
{
    public long Id { get; set; }

    public long TenantId { get; set; }

    public long EndpointId { get; set; }

    public long EventId { get; set; }

    public int Attempts { get; set; }

    public DateTime NextAttemptAt { get; set; }

    public DateTime CreatedAt { get; set; }

    public string EventType { get; set; } = "";

    public DateTime EventOccurredAt { get; set; }

    public string EventData { get; set; } = "";

    public string? EndpointUrl { get; set; }

    public string? EndpointSecret { get; set; }

    public string? EndpointPreviousSecret { get; set; }

    public DateTime? EndpointPreviousSecretUntil { get; set; }

    public bool EndpointEnabled { get; set; }
}
