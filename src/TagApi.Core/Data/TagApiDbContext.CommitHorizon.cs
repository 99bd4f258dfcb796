using TagApi.Core.Segments.Engine;
using TagApi.Core.Webhooks;

namespace TagApi.Core.Data;

/// <summary>
/// Logs that readers tail (the events feed, the index-change log) must not page past a row an older transaction could
/// still commit before. Ids cannot tell: a sequence hands out numbers before the commit, so two transactions can commit
/// in the opposite order to their ids. Each provider says instead, through a stamp on the rows
/// (<see cref="Event.TxStamp"/>, <see cref="IndexChange.TxStamp"/>) and a horizon over it, which rows are final.
/// </summary>
public abstract partial class TagApiDbContext
{
    /// <summary>
    /// The commit horizon: every transaction that wrote a row with a stamp below it has ended (committed or rolled back),
    /// and any row written from now on gets a stamp at or above it. So once a reader's statement starts after this call,
    /// it sees every committed row below the horizon, and no row below it can appear later. Null when the provider
    /// commits in id order (one writer at a time, ids drawn inside the write transaction): then id order is commit order
    /// and the stamps are all 0. PostgreSQL: the oldest transaction id still running; SQL Server: the oldest rowversion
    /// still active. With <paramref name="precise"/> the provider may spend a little more to hold it back only by what
    /// can write to this database (a reader that waits for it, the events feed); without, it gives the cheapest safe
    /// horizon (a reader that polls, the index follower).
    /// </summary>
    protected internal virtual Task<long?> CommitHorizonAsync(bool precise, CancellationToken ct) => Task.FromResult<long?>(null);
}
