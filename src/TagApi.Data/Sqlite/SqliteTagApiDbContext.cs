using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using TagApi.Core.BulkJobs;
using TagApi.Core.Customers;
using TagApi.Core.Data;
using TagApi.Core.Segments.Engine;
using TagApi.Core.Tenancy;
using TagApi.Core.Webhooks;

namespace TagApi.Data.Sqlite;

/// <summary>
/// The embedded default: a single SQLite file, so a fresh machine needs nothing else.
/// It keeps the base <see cref="TagApiDbContext.CommitHorizonAsync"/> (no horizon, every row stamped 0): SQLite lets one
/// transaction write at a time, and a row's id is drawn by its INSERT inside that transaction (AUTOINCREMENT, never
/// reused), so a transaction that commits later draws later ids — id order is commit order, and a reader tailing by id
/// skips nothing. The events feed test (<c>TailingTheEventFeedOnSqlite</c>) races writers against a tailer to show it.
/// </summary>
public sealed class SqliteTagApiDbContext(DbContextOptions<SqliteTagApiDbContext> options)
    : TagApiDbContext(options)
{
    private const int ConstraintViolation = 19;

    public override bool IsUniqueViolation(DbUpdateException exception) =>
        exception.InnerException is SqliteException { SqliteErrorCode: ConstraintViolation, SqliteExtendedErrorCode: 2067 or 1555 };

    /// <summary>
    /// SQLite has one writer at a time, so the claim's UPDATE is never interleaved with another dispatcher's: no row
    /// locking is needed. The room per endpoint is not honoured (a global scan in due order).
    /// </summary>
    protected override Task<List<long>> ClaimDeliveriesAsync(DeliveryClaim claim, CancellationToken ct) =>
        Database.SqlQuery<long>(
            $"""
             UPDATE "WebhookDeliveries" SET "ClaimedUntil" = {claim.Until}
             WHERE "Id" IN (SELECT "Id" FROM "WebhookDeliveries"
                 WHERE "Status" = 'Pending' AND "NextAttemptAt" <= {claim.Now} AND ("ClaimedUntil" IS NULL OR "ClaimedUntil" < {claim.Now})
                 ORDER BY "NextAttemptAt" LIMIT {claim.BatchSize})
             RETURNING "Id" AS "Value"
             """).ToListAsync(ct);

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        WithRowIdKeys(modelBuilder);
    }

    // SQLite generates a value only for a single INTEGER PRIMARY KEY column (the rowid alias), never for part of a
    // composite key. So here a table with a generated id keeps the id alone as its primary key, and the foreign keys
    // that point at it name the id alone, as before. A SQLite file is one node's embedded store and is never
    // distributed, which is all the tenant-first keys are for; the other providers keep them. (Keeping (TenantId, Id)
    // as a unique key for tenant-scoped foreign keys was tried: EF's SQLite table rebuilds then create a referencing
    // table before the key it references, and the migration fails with a foreign key mismatch.)
    private static void WithRowIdKeys(ModelBuilder modelBuilder)
    {
        foreach (var entity in modelBuilder.Model.GetEntityTypes().ToList())
        {
            if (entity.FindPrimaryKey() is not { Properties: [{ Name: "TenantId" }, { Name: "Id", ValueGenerated: ValueGenerated.OnAdd } id] } tenantKey)
            {
                continue;
            }

            var columns = tenantKey.Properties.ToList();
            var rowId = entity.SetPrimaryKey(id)!;
            foreach (var foreignKey in tenantKey.GetReferencingForeignKeys().ToList())
            {
                foreignKey.SetProperties([foreignKey.Properties[^1]], rowId);
            }

            entity.RemoveKey(tenantKey);
            if (ListedByTenantInIdOrder.Contains(entity.ClrType))
            {
                entity.AddIndex(columns);
            }
        }
    }

    // Read a tenant's at a time in id order (the index build, listings): their (TenantId, Id) index is kept here, where
    // the primary key no longer serves those reads.
    private static readonly HashSet<Type> ListedByTenantInIdOrder = [typeof(Customer), typeof(BulkJob), typeof(WebhookEndpoint)];

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite keeps no time zone; every stored time is UTC and is read back as UTC.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
        // SQLite has no decimal type; money is stored as a REAL so it can be compared and summed in SQL.
        configurationBuilder.Properties<decimal>().HaveConversion<double>();
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}
