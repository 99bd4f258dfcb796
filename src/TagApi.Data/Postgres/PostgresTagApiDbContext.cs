using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using TagApi.Core.Activities;
using TagApi.Core.Customers;
using TagApi.Core.Data;
using TagApi.Core.Segments.Engine;
using TagApi.Core.Tenancy;
using TagApi.Core.Segments.Membership;
using TagApi.Core.Webhooks;

namespace TagApi.Data.Postgres;

/// <summary>The production provider: PostgreSQL 15 or later, shared by many API instances.</summary>
public sealed partial class PostgresTagApiDbContext(DbContextOptions<PostgresTagApiDbContext> options)
    : TagApiDbContext(options)
{
    public override bool IsUniqueViolation(DbUpdateException exception) =>
        exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    /// <summary>Binary COPY into the activity table, in the caller's transaction; rows get no ids back (none are needed).</summary>
    public override async Task<bool> InsertActivitiesAsync(IReadOnlyList<Activity> activities, CancellationToken ct)
    {
        var tenantId = Tenant.RequiredTenantId;
        try
        {
            return await OnConnectionAsync(connection => CopyAsync(connection,
                "COPY \"Activities\" (\"TenantId\", \"CustomerId\", \"ExternalId\", \"Type\", \"Channel\", \"OccurredAt\", \"Amount\", \"Currency\", \"Properties\", \"RecordedAt\") FROM STDIN (FORMAT BINARY)",
                activities, (import, a) =>
                {
                    import.Write(a.TenantId == 0 ? tenantId : a.TenantId, NpgsqlDbType.Bigint);
                    import.Write(a.CustomerId, NpgsqlDbType.Bigint);
                    WriteNullable(import, a.ExternalId);
                    import.Write(a.Type, NpgsqlDbType.Text);
                    WriteNullable(import, a.Channel);
                    import.Write(a.OccurredAt, NpgsqlDbType.TimestampTz);
                    WriteNullable(import, a.Amount, NpgsqlDbType.Numeric);
                    WriteNullable(import, a.Currency);
                    import.Write(a.Properties, NpgsqlDbType.Text);
                    import.Write(a.RecordedAt, NpgsqlDbType.TimestampTz);
                }, ct), ct);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            // Same shape as a duplicate caught by SaveChanges, so callers retry the same way.
            throw new DbUpdateException("An activity with the same external id was recorded concurrently.", e);
        }
    }

    /// <summary>All deltas in one set-based UPDATE over unnested arrays.</summary>
    public override async Task AddMetricsAsync(IReadOnlyDictionary<long, CustomerMetrics> deltas, CancellationToken ct)
    {
        var rows = deltas.ToList();
        await Database.ExecuteSqlRawAsync(
            """
            UPDATE "Customers" c SET
                "TotalSpent" = c."TotalSpent" + d.spent,
                "OrderCount" = c."OrderCount" + d.orders,
                "FirstOrderAt" = LEAST(c."FirstOrderAt", d.first_order),
                "LastOrderAt" = GREATEST(c."LastOrderAt", d.last_order),
                "LastActivityAt" = GREATEST(c."LastActivityAt", d.last_activity),
                "Version" = c."Version" + 1
            FROM unnest(@ids, @spent, @orders, @first, @last, @activity) AS d(id, spent, orders, first_order, last_order, last_activity)
            WHERE c."Id" = d.id AND c."TenantId" = @tenant
            """,
            [
                new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = rows.Select(r => r.Key).ToArray() },
                new NpgsqlParameter("spent", NpgsqlDbType.Array | NpgsqlDbType.Numeric) { Value = rows.Select(r => r.Value.TotalSpent).ToArray() },
                new NpgsqlParameter("orders", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = rows.Select(r => r.Value.OrderCount).ToArray() },
                new NpgsqlParameter("first", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = rows.Select(r => r.Value.FirstOrderAt).ToArray() },
                new NpgsqlParameter("last", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = rows.Select(r => r.Value.LastOrderAt).ToArray() },
                new NpgsqlParameter("activity", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = rows.Select(r => r.Value.LastActivityAt).ToArray() },
                new NpgsqlParameter("tenant", Tenant.RequiredTenantId),
            ],
            ct);
    }

    /// <summary>
    /// The outbox fan-out, in the caller's transaction (the one that wrote the events). Deliveries born claimed go
    /// straight to the dispatcher by id. A request's few go as one INSERT over arrays that returns each row's id
    /// (a fan-out has one delivery per event and endpoint); a large fan-out by binary COPY, which returns none, so
    /// its ids are drawn from the identity's sequence first, as for events.
    /// </summary>
    public override Task<bool> InsertWebhookDeliveriesAsync(IReadOnlyList<WebhookDelivery> deliveries, CancellationToken ct) =>
        OnConnectionAsync(async connection =>
        {
            if (deliveries.Count < CopyFromRows)
            {
                await InsertFewDeliveriesAsync(connection, deliveries, ct);
                return true;
            }

            await TakeIdsAsync(connection, "WebhookDeliveries", deliveries, (d, id) => d.Id = id, ct);
            return await CopyAsync(connection,
                "COPY \"WebhookDeliveries\" (\"Id\", \"TenantId\", \"EndpointId\", \"EventId\", \"Status\", \"Attempts\", \"NextAttemptAt\", \"ClaimedUntil\", \"CreatedAt\") FROM STDIN (FORMAT BINARY)",
                deliveries, (import, d) =>
                {
                    import.Write(d.Id, NpgsqlDbType.Bigint);
                    import.Write(d.TenantId, NpgsqlDbType.Bigint);
                    import.Write(d.EndpointId, NpgsqlDbType.Bigint);
                    import.Write(d.EventId, NpgsqlDbType.Bigint);
                    import.Write(d.Status.ToString(), NpgsqlDbType.Varchar);
                    import.Write(d.Attempts, NpgsqlDbType.Integer);
                    import.Write(Utc(d.NextAttemptAt), NpgsqlDbType.TimestampTz);
                    WriteNullable(import, d.ClaimedUntil is { } until ? Utc(until) : (DateTime?)null, NpgsqlDbType.TimestampTz);
                    import.Write(Utc(d.CreatedAt), NpgsqlDbType.TimestampTz);
                }, ct);
        }, ct);

    private static async Task InsertFewDeliveriesAsync(NpgsqlConnection connection, IReadOnlyList<WebhookDelivery> deliveries, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(Command(
            """
            INSERT INTO "WebhookDeliveries" ("TenantId", "EndpointId", "EventId", "Status", "Attempts", "NextAttemptAt", "ClaimedUntil", "CreatedAt")
            SELECT * FROM unnest($1, $2, $3, $4, $5, $6, $7, $8)
            RETURNING "Id", "EndpointId", "EventId"
            """,
            Array(deliveries, d => d.TenantId), Array(deliveries, d => d.EndpointId), Array(deliveries, d => d.EventId),
            Array(deliveries, d => d.Status.ToString()), Array(deliveries, d => d.Attempts), Timestamps(deliveries, d => d.NextAttemptAt),
            Timestamps(deliveries, d => d.ClaimedUntil), Timestamps(deliveries, d => d.CreatedAt)));
        var byKey = new Dictionary<(long Endpoint, long Event), WebhookDelivery>(deliveries.Count);
        foreach (var d in deliveries)
        {
            byKey.Add((d.EndpointId, d.EventId), d);
        }

        await using var reader = await batch.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            byKey[(reader.GetInt64(1), reader.GetInt64(2))].Id = reader.GetInt64(0);
        }
    }

    /// <summary>Binary COPY of a silent baseline's member rows, in the projector's transaction.</summary>
    public override Task InsertSilentSegmentMembersAsync(IReadOnlyList<SegmentMember> members, CancellationToken ct) =>
        OnConnectionAsync(connection => CopyAsync(connection,
            "COPY \"SegmentMembers\" (\"TenantId\", \"SegmentId\", \"CustomerId\", \"EnteredAt\") FROM STDIN (FORMAT BINARY)",
            members, (import, m) =>
            {
                import.Write(m.TenantId, NpgsqlDbType.Bigint);
                import.Write(m.SegmentId, NpgsqlDbType.Bigint);
                import.Write(m.CustomerId, NpgsqlDbType.Bigint);
                import.Write(Utc(m.EnteredAt), NpgsqlDbType.TimestampTz);
            }, ct), ct);

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<Customer>().Property(c => c.Attributes).HasColumnType("jsonb");
        WithoutGlobalDeliveryQueueIndex(modelBuilder);
        StampLoggedRowsWithTheirTransaction(modelBuilder);
    }

    // The (Status, NextAttemptAt) index serves the other providers' claim, one scan in due order over all endpoints.
    // PostgreSQL claims per endpoint over (EndpointId, Status, NextAttemptAt) and reads pending deliveries only by
    // endpoint. With the global index there, statistics taken while almost nothing was pending made the planner pick
    // it for the per-endpoint scan and filter by endpoint, stepping over every other endpoint's waiting deliveries
    // (thousands, behind a slow receiver) on each claim. Because the model leaves the index out, PostgreSQL's Initial
    // migration never creates it; the other providers' Initial does.
    private static void WithoutGlobalDeliveryQueueIndex(ModelBuilder modelBuilder)
    {
        var deliveries = modelBuilder.Entity<WebhookDelivery>().Metadata;
        var global = deliveries.FindIndex([deliveries.FindProperty(nameof(WebhookDelivery.Status))!, deliveries.FindProperty(nameof(WebhookDelivery.NextAttemptAt))!]);
        if (global is not null)
        {
            deliveries.RemoveIndex(global);
        }
    }
}
