using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace TagApi.Core.Data.Saving;

/// <summary>
/// Save pipeline, after a caller's commit: a save under a transaction it did not open (a request carrying an
/// <c>Idempotency-Key</c>, a bulk import) cannot notify at its own end, as nothing is committed yet; it leaves its
/// notifications on the context (<see cref="TagApiDbContext.DeferUntilCommit"/>), and this interceptor tells them when
/// the transaction commits — or drops them when it rolls back or a new one starts. Stateless, so one instance serves
/// every pooled context.
/// </summary>
public sealed class CommitPublisher : DbTransactionInterceptor
{
    public static CommitPublisher Instance { get; } = new();

    private CommitPublisher()
    {
    }

    public override async Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is TagApiDbContext db)
        {
            await db.PublishDeferredAsync(cancellationToken);
        }
    }

    // TagApi commits asynchronously; a synchronous commit still must not leave notifications for a later transaction.
    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Drop(eventData.Context);

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Drop(eventData.Context);
        return Task.CompletedTask;
    }

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Drop(eventData.Context);

    public override ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData, DbTransaction result, CancellationToken cancellationToken = default)
    {
        Drop(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
    {
        Drop(eventData.Context);
        return result;
    }

    private static void Drop(Microsoft.EntityFrameworkCore.DbContext? context) => (context as TagApiDbContext)?.DropDeferred();
}
