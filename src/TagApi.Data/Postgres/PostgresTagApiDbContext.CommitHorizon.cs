using Microsoft.EntityFrameworkCore;
using TagApi.Core.Segments.Engine;
using TagApi.Core.Webhooks;

namespace TagApi.Data.Postgres;

/// <summary>
/// The commit horizon on PostgreSQL: each logged row carries the id of the transaction that wrote it, and the horizon is
/// the oldest transaction id still running.
/// </summary>
public sealed partial class PostgresTagApiDbContext
{
    // The writing transaction's id (xid8, widened with its epoch, so it never wraps) as a bigint, which every provider's
    // model shares. A column default, so the binary COPYs and INSERTs over arrays of the change log fill it without
    // naming it; pg_current_xact_id() gives the top-level transaction's id even inside a savepoint.
    private const string CurrentTransactionId = "pg_current_xact_id()::text::bigint";

    /// <summary>
    /// <c>pg_snapshot_xmin(pg_current_snapshot())</c>: every transaction id below it has ended, and transaction ids are
    /// handed out in increasing order, so a transaction that writes from now on stamps its rows at or above it. It is
    /// read in a statement of its own before the rows are read: the later statement's snapshot is newer, so it sees
    /// every committed row below this (possibly older, hence lower) horizon. Only transactions that wrote something
    /// hold it back (read-only ones have no id), but that is every such transaction on the server, not just this
    /// database's: a session left idle in a transaction holds the feed back until it ends.
    /// </summary>
    protected override async Task<long?> CommitHorizonAsync(CancellationToken ct) =>
        await Database.SqlQueryRaw<long>("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS \"Value\"").SingleAsync(ct);

    private static void StampLoggedRowsWithTheirTransaction(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Event>().Property(e => e.TxStamp).HasDefaultValueSql(CurrentTransactionId);
        modelBuilder.Entity<IndexChange>().Property(e => e.TxStamp).HasDefaultValueSql(CurrentTransactionId);
    }
}
