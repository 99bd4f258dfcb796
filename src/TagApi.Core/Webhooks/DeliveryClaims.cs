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
        if (provider.Contains("Npgsql", StringComparison.Ordinal))
        {
            // Per endpoint (in random order, so no endpoint is always last when the batch fills up): a range scan of
            // (EndpointId, Status, NextAttemptAt) limited to that endpoint's room. A full endpoint costs nothing, where
            // the former global "ORDER BY NextAttemptAt" scan had to step over every waiting row of a slow receiver.
            // Endpoints are read whether enabled or not: a disabled endpoint's pending deliveries are claimed to be failed.
            sql = $"""
               UPDATE "WebhookDeliveries" AS d SET "ClaimedUntil" = {until}
               FROM (SELECT c."Id" FROM
                       (SELECT e."Id", coalesce(r.room, {room.Default}) AS room FROM "WebhookEndpoints" AS e
                            LEFT JOIN unnest({room.Endpoints}, {room.Rooms}) AS r(id, room) ON r.id = e."Id"
                        ORDER BY random()) AS e
                       CROSS JOIN LATERAL (SELECT w."Id" FROM "WebhookDeliveries" AS w
                           WHERE w."EndpointId" = e."Id" AND w."Status" = 'Pending' AND w."NextAttemptAt" <= {now}
                               AND (w."ClaimedUntil" IS NULL OR w."ClaimedUntil" < {now})
                           ORDER BY w."NextAttemptAt" LIMIT e.room FOR UPDATE SKIP LOCKED) AS c
                     LIMIT {batch}) AS picked
               WHERE d."Id" = picked."Id"
               RETURNING d."Id" AS "Value"
               """;
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
