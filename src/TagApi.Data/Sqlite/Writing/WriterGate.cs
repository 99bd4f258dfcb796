using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Data.Sqlite;
using TagApi.Core.Telemetry;

namespace TagApi.Data.Sqlite.Writing;

/// <summary>
/// One SQLite file's turn to write, taken in this process before SQLite's own lock is asked for. SQLite lets one
/// transaction write at a time; a writer that finds the file locked is answered <c>SQLITE_BUSY</c>, and
/// Microsoft.Data.Sqlite retries it by putting the thread to sleep and asking again until its command timeout. Under
/// concurrent writers that made most of them sleep while the file stood idle between turns, and throughput fell as
/// writers were added. Here writers queue for the turn without a thread, first come first served, and each reaches
/// SQLite when the lock is free. Other processes writing the same file still meet SQLite's own locking.
/// </summary>
[SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "One gate per database file, for the life of the process.")]
internal sealed class WriterGate
{
    // While the turn is held, this often it is checked for a holder that vanished without a word.
    private static readonly TimeSpan Probe = TimeSpan.FromMilliseconds(100);
    private static readonly ConcurrentDictionary<string, WriterGate> Files = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, WriterGate> BySource = new(StringComparer.Ordinal);

    // Waiters queue here in arrival order.
    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly Timer _watch;
    private WriterTurn? _holder;

    private WriterGate() => _watch = new Timer(_ => ReclaimIfEnded());

    /// <summary>
    /// The longest a writer waits for its turn before it goes to SQLite anyway (as it did before there was a gate):
    /// a turn held that long is a writer that waits, on another connection, for itself.
    /// </summary>
    public static TimeSpan MaxWait { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The gate of the file <paramref name="connection"/> opens; null for a database that is not a plain file.</summary>
    public static WriterGate? Of(SqliteConnection connection)
    {
        var source = connection.DataSource;
        if (string.IsNullOrEmpty(source) || source == ":memory:" || source.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        // Every statement that writes asks: the path as the connection names it is resolved once.
        return BySource.GetOrAdd(source, named => Files.GetOrAdd(Path.GetFullPath(named), _ => new WriterGate()));
    }

    /// <summary>Waits for the turn and gives it to <paramref name="turn"/>; false when it went on without it after <see cref="MaxWait"/>.</summary>
    public async Task<bool> EnterAsync(WriterTurn turn, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        return Entered(turn, started, await _turn.WaitAsync(MaxWait, ct));
    }

    /// <inheritdoc cref="EnterAsync"/>
    public bool Enter(WriterTurn turn)
    {
        var started = Stopwatch.GetTimestamp();
        return Entered(turn, started, _turn.Wait(MaxWait));
    }

    /// <summary>Ends <paramref name="turn"/> if it still holds the gate; a second call, or a turn reclaimed already, does nothing.</summary>
    public void Leave(WriterTurn turn) => TryEnd(turn);

    private bool TryEnd(WriterTurn turn)
    {
        if (Interlocked.CompareExchange(ref _holder, null, turn) != turn)
        {
            return false;
        }

        // Before the release: the next holder arms the watch again once it has the turn.
        _watch.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _turn.Release();
        return true;
    }

    private bool Entered(WriterTurn turn, long started, bool entered)
    {
        TagApiTelemetry.SqliteWriterWait.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        if (!entered)
        {
            TagApiTelemetry.SqliteWriterGaveUp.Add(1);
            return false;
        }

        Volatile.Write(ref _holder, turn);
        _watch.Change(Probe, Probe);
        return true;
    }

    // A transaction disposed without a commit or a rollback is rolled back by SQLite but tells no interceptor: its turn
    // is handed on once its transaction shows it has ended.
    private void ReclaimIfEnded()
    {
        if (Volatile.Read(ref _holder) is { HasEnded: true } ended && TryEnd(ended))
        {
            TagApiTelemetry.SqliteWriterReclaimed.Add(1);
        }
    }
}

/// <summary>Who holds a file's turn to write: a transaction (from before its <c>BEGIN</c>) or one statement outside any.</summary>
internal sealed class WriterTurn(WriterGate gate, bool forTransaction)
{
    // A BEGIN that failed tells no interceptor either; one that has not returned in this long is taken to have failed.
    private static readonly TimeSpan BeginLimit = TimeSpan.FromSeconds(5);
    private readonly long _takenAt = Environment.TickCount64;

    public WriterGate Gate { get; } = gate;

    /// <summary>The transaction the turn was taken for, once it has begun.</summary>
    public SqliteTransaction? Transaction { get; set; }

    /// <summary>
    /// A committed, rolled-back or disposed transaction no longer names its connection. A statement's turn ends only
    /// when it is given back: EF reports every way a command ends.
    /// </summary>
    public bool HasEnded => forTransaction && (Transaction is { } begun ? begun.Connection is null : Environment.TickCount64 - _takenAt > BeginLimit.TotalMilliseconds);

    public void Leave() => Gate.Leave(this);
}
