using Npgsql;
using TagApi.Core.Data.Coherence;

namespace TagApi.Data.Postgres;

/// <summary>
/// The commit channel over PostgreSQL <c>LISTEN</c>/<c>NOTIFY</c>. Announcements are sent after the commit, on a
/// connection of their own, rather than by a trigger inside the writing transaction: a transaction that notifies
/// takes a database-wide lock while it commits, which would make every write wait for the others' commits. Each
/// instance tags its announcements, so it does not wake itself.
/// </summary>
public sealed class PostgresCommitChannel(string connectionString) : ICommitChannel
{
    public const string Channel = "tagapi_commits";
    private readonly string _self = Guid.NewGuid().ToString("N");

    public async Task AnnounceAsync(CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        // The announcement is a hint (the others poll too), so its transaction does not wait for its commit to reach
        // the disk: with synchronous commit on, that wait is a WAL flush per announcement, all the time under load.
        await using var notify = new NpgsqlCommand("SELECT set_config('synchronous_commit', 'off', true), pg_notify(@channel, @sender)", connection);
        notify.Parameters.AddWithValue("channel", Channel);
        notify.Parameters.AddWithValue("sender", _self);
        await notify.ExecuteNonQueryAsync(ct);
    }

    public async Task ListenAsync(Action heard, CancellationToken ct)
    {
        // A connection of its own, outside the pool: it sits in LISTEN for the life of the process.
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, KeepAlive = 15 };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(ct);
        connection.Notification += (_, e) =>
        {
            if (e.Payload != _self)
            {
                heard();
            }
        };
        await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
        {
            await listen.ExecuteNonQueryAsync(ct);
        }

        heard();
        while (true)
        {
            await connection.WaitAsync(ct);
        }
    }
}
