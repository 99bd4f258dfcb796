using Microsoft.EntityFrameworkCore;
using TagApi.Core.Segments.Engine;
using TagApi.Core.Webhooks;

namespace TagApi.Data.Postgres;

/// <summary>
/// The commit horizon on PostgreSQL: each logged row carries the id of the transaction that wrote it, and the horizon is
/// the oldest transaction id still running. Both horizons are read in a statement of their own before the rows are
/// read: that later statement's snapshot is newer, so it sees every committed row below the (possibly older, hence
/// lower) horizon.
/// </summary>
public sealed partial class PostgresTagApiDbContext
{
    // The writing transaction's id (xid8, widened with its epoch, so it never wraps) as a bigint, which every provider's
    // model shares. A column default, so the binary COPYs and INSERTs over arrays of the change log fill it without
    // naming it; pg_current_xact_id() gives the top-level transaction's id even inside a savepoint.
    private const string CurrentTransactionId = "pg_current_xact_id()::text::bigint";

    // The cheap horizon: pg_snapshot_xmin, below which every transaction id has ended; ids are handed out in increasing
    // order, so a transaction that writes from now on stamps its rows at or above it. Only transactions that wrote
    // something hold it back (read-only ones have no id), but on the whole server, other databases' too.
    private const string ServerHorizon = "SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS \"Value\"";

    // The precise horizon: the oldest transaction still running in this database, else the snapshot's xmax (every id
    // below it was handed out before the snapshot). The statement's snapshot is taken before pg_locks is read, so a
    // transaction of this database with an id below xmax either ended before the read or shows in it: it holds the lock
    // on its own id from the moment it got one, and a lock on the table it wrote that got it one, both to its end.
    // pg_locks gives 32-bit ids; each is widened with the epoch of xmax, which is less than 2^31 ids ahead of it.
    private const string DatabaseHorizon =
        """
        WITH snap AS MATERIALIZED (SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint AS xmax),
        running AS (
            SELECT DISTINCT own.transactionid::text::bigint AS xid
            FROM pg_locks own
            JOIN pg_locks here ON here.virtualtransaction = own.virtualtransaction
                AND here.database = (SELECT oid FROM pg_database WHERE datname = current_database())
            WHERE own.locktype = 'transactionid' AND own.mode = 'ExclusiveLock' AND own.granted
        )
        SELECT least(snap.xmax, (SELECT min(snap.xmax - ((snap.xmax % 4294967296) - r.xid + 4294967296) % 4294967296) FROM running r)) AS "Value"
        FROM snap
        """;

    /// <summary>
    /// Precise: only this database's transactions hold the horizon back (read from <c>pg_locks</c>, which costs a look at
    /// the server's lock table); otherwise <c>pg_snapshot_xmin</c>, which every write transaction on the server holds
    /// back, other databases' included. Either way a session left idle in a transaction holds it back until it ends.
    /// </summary>
    protected override async Task<long?> CommitHorizonAsync(bool precise, CancellationToken ct) =>
        (await Database.SqlQueryRaw<long>(precise ? DatabaseHorizon : ServerHorizon).ToListAsync(ct)).Single();

    private static void StampLoggedRowsWithTheirTransaction(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Event>().Property(e => e.TxStamp).HasDefaultValueSql(CurrentTransactionId);
        modelBuilder.Entity<IndexChange>().Property(e => e.TxStamp).HasDefaultValueSql(CurrentTransactionId);
    }
}
