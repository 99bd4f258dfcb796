using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using TagApi.Data.Sqlite;

namespace TagApi.Data.Tests.Sqlite;

/// <summary>
/// SQLite writers of one file queue in the process for its one write lock. Each connection here gives SQLite's own
/// busy wait one second (<c>Default Timeout=1</c>): a writer that reached SQLite while another held the lock would fail
/// with <c>SQLITE_BUSY</c> after it, so each test holds the lock longer and expects the next writer to succeed after.
/// </summary>
public sealed class WritersTakingTurnsTests : IDisposable
{
    private static readonly TimeSpan Held = TimeSpan.FromSeconds(2.5);
    // Only a hang guard: a writer whose turn never came.
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(60);
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"tagapi-turns-{Guid.NewGuid():N}.db");

    public WritersTakingTurnsTests()
    {
        using var db = Open();
        db.Database.ExecuteSqlRaw("PRAGMA journal_mode=WAL;");
        db.Database.ExecuteSqlRaw("CREATE TABLE \"Lines\" (\"Writer\" TEXT NOT NULL, \"At\" INTEGER NOT NULL)");
    }

    [Fact]
    public async Task A_transaction_waits_for_the_one_ahead_however_long_it_holds_the_lock()
    {
        using var measured = new WriterMeasurements();
        await using var first = Open();
        await using var second = Open();
        var firstDone = await HoldAsync(first, commit: true, async () =>
        {
            var waiting = WriteInTransactionAsync(second, "second");
            await Task.Delay(Held);
            Assert.False(waiting.IsCompleted);
            return waiting;
        });

        await firstDone.WaitAsync(Hang);
        Assert.Equal(["first", "second"], await WritersAsync());
        Assert.Contains(measured.Of("tagapi.sqlite.writer.wait"), seconds => seconds >= Held.TotalSeconds * 0.9);
    }

    [Fact]
    public async Task A_write_outside_any_transaction_waits_for_the_transaction_ahead()
    {
        await using var first = Open();
        await using var second = Open();
        var secondDone = await HoldAsync(first, commit: true, async () =>
        {
            var waiting = second.Database.ExecuteSqlRawAsync("INSERT INTO \"Lines\" VALUES ('second', 2)");
            await Task.Delay(Held);
            Assert.False(waiting.IsCompleted);
            return (Task)waiting;
        });

        await secondDone.WaitAsync(Hang);
        Assert.Equal(["first", "second"], await WritersAsync());
    }

    [Fact]
    public async Task A_transaction_disposed_without_commit_or_rollback_hands_the_turn_on()
    {
        using var measured = new WriterMeasurements();
        await using var first = Open();
        await using var second = Open();
        await HoldAsync(first, commit: false, () => Task.FromResult(Task.CompletedTask));

        await WriteInTransactionAsync(second, "second").WaitAsync(Hang);
        Assert.Equal(["second"], await WritersAsync());
        Assert.NotEmpty(measured.Of("tagapi.sqlite.writer.reclaimed"));
    }

    [Fact]
    public async Task Many_writers_at_once_all_write()
    {
        var writers = Enumerable.Range(0, 32).Select(async i =>
        {
            await using var db = Open();
            for (var line = 0; line < 10; line++)
            {
                if (line % 2 == 0)
                {
                    await WriteInTransactionAsync(db, $"w{i}");
                }
                else
                {
                    await db.Database.ExecuteSqlRawAsync("INSERT INTO \"Lines\" VALUES ({0}, 0)", $"w{i}");
                }
            }
        });

        await Task.WhenAll(writers).WaitAsync(Hang);
        Assert.Equal(320, (await WritersAsync()).Count);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _file, _file + "-wal", _file + "-shm" })
        {
            File.Delete(file);
        }
    }

    // Begins a transaction on db, writes a line as "first", runs `meanwhile`, then commits or just disposes the
    // transaction; returns what `meanwhile` returned.
    private static async Task<Task> HoldAsync(SqliteTagApiDbContext db, bool commit, Func<Task<Task>> meanwhile)
    {
        Task result;
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            await db.Database.ExecuteSqlRawAsync("INSERT INTO \"Lines\" VALUES ('first', 1)");
            result = await meanwhile();
            if (commit)
            {
                await transaction.CommitAsync();
            }
        }

        return result;
    }

    private static async Task WriteInTransactionAsync(SqliteTagApiDbContext db, string writer)
    {
        await using var transaction = await db.Database.BeginTransactionAsync();
        await db.Database.ExecuteSqlRawAsync("INSERT INTO \"Lines\" VALUES ({0}, 2)", writer);
        await transaction.CommitAsync();
    }

    private async Task<List<string>> WritersAsync()
    {
        await using var db = Open();
        return await db.Database.SqlQueryRaw<string>("SELECT \"Writer\" AS \"Value\" FROM \"Lines\" ORDER BY rowid").ToListAsync();
    }

    private SqliteTagApiDbContext Open()
    {
        var options = new DbContextOptionsBuilder<SqliteTagApiDbContext>();
        DatabaseServices.ConfigureSqlite(options, $"Data Source={_file};Default Timeout=1");
        return new SqliteTagApiDbContext(options.Options);
    }
}
