namespace TagApi.Core.Data;

/// <summary>
/// The context a request's hottest reads run on: one customer with its tags, by id (benchmark W6),
/// no-tracking and outside any transaction. On PostgreSQL it is rented from a pool of its own over a
/// multiplexed connection (see <c>MultiplexedReads</c> in TagApi.Data), so that the statements of
/// concurrent requests share round trips; elsewhere it is the request's own context. It is bound to
/// the request's tenant like the request's context, so the tenant filters hold. Never write through it.
/// </summary>
public sealed class HotReadContext(TagApiDbContext db, bool ownsContext) : IAsyncDisposable
{
    public TagApiDbContext Db { get; } = db;

    // A rented context goes back to its pool with the request's scope; the request's own context is not ours to dispose.
    public ValueTask DisposeAsync() => ownsContext ? Db.DisposeAsync() : ValueTask.CompletedTask;
}
