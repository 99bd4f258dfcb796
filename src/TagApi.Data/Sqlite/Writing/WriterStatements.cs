using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace TagApi.Data.Sqlite.Writing;

/// <summary>
/// A statement that writes outside any transaction (an <c>ExecuteUpdate</c>, <c>ExecuteDelete</c> or a single-row
/// save EF sends on its own) is a transaction of its own to SQLite: it takes the file's <see cref="WriterGate"/> turn
/// before it runs and gives it back when it is done — for a reader (<c>RETURNING</c>), when the reader is disposed.
/// Reads and statements inside a transaction (whose turn the transaction holds) pass straight through.
/// </summary>
internal sealed class WriterStatements : DbCommandInterceptor
{
    public static WriterStatements Instance { get; } = new();

    private static readonly string[] WritingVerbs = ["INSERT", "UPDATE", "DELETE", "REPLACE"];

    private readonly ConditionalWeakTable<DbCommand, WriterTurn> _turns = [];

    private WriterStatements()
    {
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default) =>
        EnteredAsync(command, result, cancellationToken);

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result) =>
        Entered(command, result);

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
        EnteredAsync(command, result, cancellationToken);

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result) =>
        Entered(command, result);

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default) =>
        EnteredAsync(command, result, cancellationToken);

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result) =>
        Entered(command, result);

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Left(command, result));

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result) => Left(command, result);

    public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Left(command, result));

    public override object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result) => Left(command, result);

    // A reader (a write with RETURNING) holds the write lock until it is done.
    public override InterceptionResult DataReaderDisposing(DbCommand command, DataReaderDisposingEventData eventData, InterceptionResult result) =>
        Left(command, result);

    public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default) =>
        Left(command, Task.CompletedTask);

    public override void CommandFailed(DbCommand command, CommandErrorEventData eventData) => Leave(command);

    public override Task CommandCanceledAsync(DbCommand command, CommandEndEventData eventData, CancellationToken cancellationToken = default) =>
        Left(command, Task.CompletedTask);

    public override void CommandCanceled(DbCommand command, CommandEndEventData eventData) => Leave(command);

    private async ValueTask<T> EnteredAsync<T>(DbCommand command, T result, CancellationToken ct)
    {
        if (NewTurn(command) is { } turn && await turn.Gate.EnterAsync(turn, ct))
        {
            _turns.AddOrUpdate(command, turn);
        }

        return result;
    }

    private T Entered<T>(DbCommand command, T result)
    {
        if (NewTurn(command) is { } turn && turn.Gate.Enter(turn))
        {
            _turns.AddOrUpdate(command, turn);
        }

        return result;
    }

    private static WriterTurn? NewTurn(DbCommand command) =>
        command is SqliteCommand { Transaction: null, Connection: { } connection } && Writes(command.CommandText) && WriterGate.Of(connection) is { } gate
            ? new WriterTurn(gate, forTransaction: false)
            : null;

    // EF's own writes start with their verb; a statement that only reads may name one later (a column, a string).
    private static bool Writes(string text)
    {
        var start = text.AsSpan().TrimStart();
        foreach (var verb in WritingVerbs)
        {
            if (start.StartsWith(verb, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    // Passes the hook's result on once the command's turn, if it took one, is given back.
    private T Left<T>(DbCommand command, T result)
    {
        Leave(command);
        return result;
    }

    private void Leave(DbCommand command)
    {
        if (_turns.TryGetValue(command, out var turn))
        {
            _turns.Remove(command);
            turn.Leave();
        }
    }
}
