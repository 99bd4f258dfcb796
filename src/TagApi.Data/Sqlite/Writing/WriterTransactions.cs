using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace TagApi.Data.Sqlite.Writing;

/// <summary>
/// Takes the file's <see cref="WriterGate"/> turn before a transaction's <c>BEGIN</c> (Microsoft.Data.Sqlite begins
/// <c>IMMEDIATE</c>: the write lock is asked for at once) and gives it back when the transaction commits, rolls back or
/// fails. Registered ahead of the interceptor that publishes a commit, so the next writer starts while this one's
/// notifications go out. Stateless but for the turns, kept per connection; one instance serves every pooled context.
/// </summary>
internal sealed class WriterTransactions : DbTransactionInterceptor
{
    public static WriterTransactions Instance { get; } = new();

    // A turn is kept by its connection until BEGIN returns, then by the transaction (a finished SQLite transaction
    // no longer names its connection).
    private readonly ConditionalWeakTable<DbConnection, WriterTurn> _beginning = [];
    private readonly ConditionalWeakTable<DbTransaction, WriterTurn> _held = [];

    private WriterTransactions()
    {
    }

    public override async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(
        DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        if (NewTurn(connection) is { } turn && await turn.Gate.EnterAsync(turn, cancellationToken))
        {
            _beginning.AddOrUpdate(connection, turn);
        }

        return result;
    }

    public override InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result)
    {
        if (NewTurn(connection) is { } turn && turn.Gate.Enter(turn))
        {
            _beginning.AddOrUpdate(connection, turn);
        }

        return result;
    }

    public override ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData, DbTransaction result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(TransactionStarted(connection, eventData, result));

    public override DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
    {
        if (_beginning.TryGetValue(connection, out var turn))
        {
            _beginning.Remove(connection);
            turn.Transaction = result as SqliteTransaction;
            _held.AddOrUpdate(result, turn);
        }

        return result;
    }

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) =>
        Left(transaction);

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Left(transaction);

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) =>
        Left(transaction);

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Left(transaction);

    public override Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default) =>
        Left(transaction);

    public override void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Left(transaction);

    // A turn still kept by the connection is one whose BEGIN failed (that tells no interceptor): it ends here.
    private WriterTurn? NewTurn(DbConnection connection)
    {
        if (_beginning.TryGetValue(connection, out var failed))
        {
            _beginning.Remove(connection);
            failed.Leave();
        }

        return connection is SqliteConnection sqlite && WriterGate.Of(sqlite) is { } gate ? new WriterTurn(gate, forTransaction: true) : null;
    }

    // Gives the transaction's turn back, if it took one (done at once: the returned task is complete).
    private Task Left(DbTransaction transaction)
    {
        if (_held.TryGetValue(transaction, out var turn))
        {
            _held.Remove(transaction);
            turn.Leave();
        }

        return Task.CompletedTask;
    }
}
