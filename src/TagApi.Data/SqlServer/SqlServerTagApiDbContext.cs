using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;
using TagApi.Core.Data;
using TagApi.Core.Segments.Engine;
using TagApi.Core.Tenancy;
using TagApi.Core.Webhooks;

namespace TagApi.Data.SqlServer;

/// <summary>A supported provider whose migrations are kept in step with the others.</summary>
public sealed class SqlServerTagApiDbContext(DbContextOptions<SqlServerTagApiDbContext> options)
    : TagApiDbContext(options)
{
    public override bool IsUniqueViolation(DbUpdateException exception) =>
        exception.InnerException is SqlException { Number: 2601 or 2627 };

    /// <summary>
    /// <c>READPAST</c> skips rows another dispatcher has locked instead of waiting for them; <c>UPDLOCK</c> keeps two
    /// claims from reading the same row. The room per endpoint is not honoured (one scan over all endpoints).
    /// </summary>
    protected override Task<List<long>> ClaimDeliveriesAsync(DeliveryClaim claim, CancellationToken ct) =>
        Database.SqlQuery<long>(
            $"""
             UPDATE TOP ({claim.BatchSize}) d SET ClaimedUntil = {claim.Until} OUTPUT inserted.Id AS Value
             FROM WebhookDeliveries d WITH (UPDLOCK, READPAST, ROWLOCK)
             WHERE d.Status = 'Pending' AND d.NextAttemptAt <= {claim.Now} AND (d.ClaimedUntil IS NULL OR d.ClaimedUntil < {claim.Now})
             """).ToListAsync(ct);

    /// <summary>
    /// <c>MIN_ACTIVE_ROWVERSION()</c>: the lowest rowversion a still-open transaction has used (or the next one to be
    /// handed out when none is open). Logged rows carry a rowversion, which grows with every write in the database, so
    /// every row below it is final and a row written later gets a higher one. It concerns this database only, so it is
    /// as precise as it gets either way. Not run against a server in the tests (only SQLite and PostgreSQL are);
    /// written to the documented behaviour of rowversion.
    /// </summary>
    protected override async Task<long?> CommitHorizonAsync(bool precise, CancellationToken ct) =>
        (await Database.SqlQueryRaw<long>("SELECT CAST(MIN_ACTIVE_ROWVERSION() AS bigint) AS Value").ToListAsync(ct)).Single();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        // rowversion, 8 bytes big-endian, read as the number it counts (logged rows are never updated, so it stays the
        // stamp of the write that created them).
        modelBuilder.Entity<Event>().Property(e => e.TxStamp).IsRowVersion().HasConversion<byte[]>();
        modelBuilder.Entity<IndexChange>().Property(e => e.TxStamp).IsRowVersion().HasConversion<byte[]>();
    }
}
