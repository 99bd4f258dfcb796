using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace TagApi.Core.Data;

/// <summary>
/// A transaction for work that must be atomic: its own when none is open, or — when the caller already opened one (a
/// request carrying an Idempotency-Key) — the caller's, which the work then joins and leaves to the caller to commit.
/// </summary>
public sealed class OwnTransaction : IAsyncDisposable
{
    private readonly IDbContextTransaction? _own;

    private OwnTransaction(IDbContextTransaction? own) => _own = own;

    /// <summary>Begins a transaction on <paramref name="db"/> unless one is open already.</summary>
    public static async Task<OwnTransaction> BeginAsync(TagApiDbContext db, CancellationToken ct) =>
        new(db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null);

    /// <summary>Commits the transaction if it is this one's; a joined one is the caller's to commit.</summary>
    public Task CommitAsync(CancellationToken ct) => _own?.CommitAsync(ct) ?? Task.CompletedTask;

    public ValueTask DisposeAsync() => _own?.DisposeAsync() ?? ValueTask.CompletedTask;
}
