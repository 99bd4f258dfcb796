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
    public static async Task<List<long>> ClaimAsync(TagApiDbContext db, DateTime now, TimeSpan lease, int batch, long[] skipEndpoints, CancellationToken ct)
    {
        var until = now + lease;
        var provider = db.Database.ProviderName ?? "";
        FormattableString sql;
        if (provider.Contains("Npgsql", StringComparison.Ordinal))
        {
            sql = $"""
               UPDATE "WebhookDeliveries" SET "ClaimedUntil" = {until}
               WHERE "Id" IN (SELECT "Id" FROM "WebhookDeliveries"
                   WHERE "Status" = 'Pending' AND "NextAttemptAt" <= {now} AND ("ClaimedUntil" IS NULL OR "ClaimedUntil" < {now})
                       AND NOT ("EndpointId" = ANY({skipEndpoints}))
                   ORDER BY "NextAttemptAt" LIMIT {batch} FOR UPDATE SKIP LOCKED)
               RETURNING "Id" AS "Value"
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
