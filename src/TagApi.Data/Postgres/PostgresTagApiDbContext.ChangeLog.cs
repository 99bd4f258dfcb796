using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using TagApi.Core.Segments.Engine;
using TagApi.Core.TagAssignments;
using TagApi.Core.Webhooks;

namespace TagApi.Data.Postgres;

/// <summary>The change log a save derives (ledger, index log, events), written with binary COPY.</summary>
public sealed partial class PostgresTagApiDbContext
{
    protected override bool WritesChangeLogInBulk => true;

    /// <summary>
    /// Events need their ids (deliveries and receivers refer to them), which neither COPY nor a multi-row insert hands
    /// back in order, so they are taken from the identity's own sequence first, in one round trip — the same numbers an
    /// INSERT would have drawn, in the same order. Then a small change log (a request's few changes) goes as three
    /// INSERTs over arrays sent together, one round trip; a large one as three binary COPYs. Each COPY is two round
    /// trips with the client's work in between, and under load most of a small COPY's database time is spent waiting
    /// for the busy client, which one INSERT over arrays does not do.
    /// </summary>
    protected override Task InsertChangeLogAsync(
        IReadOnlyList<TagHistoryEntry> ledger, IReadOnlyList<IndexChange> index, IReadOnlyList<Event> events, CancellationToken ct) =>
        OnConnectionAsync(async connection =>
        {
            if (events.Count > 0)
            {
                await TakeEventIdsAsync(connection, events, ct);
            }

            if (ledger.Count + index.Count + events.Count < CopyFromRows)
            {
                await InsertSmallChangeLogAsync(connection, ledger, index, events, ct);
                return true;
            }

            if (ledger.Count > 0)
            {
                await CopyLedgerAsync(connection, ledger, ct);
            }

            if (index.Count > 0)
            {
                await CopyIndexLogAsync(connection, index, ct);
            }

            if (events.Count > 0)
            {
                await CopyEventsAsync(connection, events, ct);
            }

            return true;
        }, ct);

    private static async Task InsertSmallChangeLogAsync(
        NpgsqlConnection connection, IReadOnlyList<TagHistoryEntry> ledger, IReadOnlyList<IndexChange> index, IReadOnlyList<Event> events, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(connection);
        if (ledger.Count > 0)
        {
            batch.BatchCommands.Add(Command(
                """
                INSERT INTO "TagHistory" ("TenantId", "CustomerId", "TagId", "TagKey", "Action", "Source", "SourceRef", "Reason", "At")
                SELECT * FROM unnest($1, $2, $3, $4, $5, $6, $7, $8, $9)
                """,
                Array(ledger, h => h.TenantId), Array(ledger, h => h.CustomerId), Array(ledger, h => h.TagId), Array(ledger, h => h.TagKey),
                Array(ledger, h => h.Action.ToString()), Array(ledger, h => h.Source.ToString()), Array(ledger, h => h.SourceRef),
                Array(ledger, h => h.Reason), Timestamps(ledger, h => h.At)));
        }

        if (index.Count > 0)
        {
            batch.BatchCommands.Add(Command(
                """
                INSERT INTO "IndexChanges" ("TenantId", "CustomerId", "Activities", "At") SELECT * FROM unnest($1, $2, $3, $4)
                """,
                Array(index, c => c.TenantId), Array(index, c => c.CustomerId), Array(index, c => c.Activities), Timestamps(index, c => c.At)));
        }

        if (events.Count > 0)
        {
            batch.BatchCommands.Add(Command(
                """
                INSERT INTO "Events" ("Id", "TenantId", "Type", "OccurredAt", "Data") SELECT * FROM unnest($1, $2, $3, $4, $5)
                """,
                Array(events, e => e.Id), Array(events, e => e.TenantId), Array(events, e => e.Type), Timestamps(events, e => e.OccurredAt),
                Array(events, e => e.Data)));
        }

        await batch.ExecuteNonQueryAsync(ct);
    }

    private static Task<bool> CopyLedgerAsync(NpgsqlConnection connection, IReadOnlyList<TagHistoryEntry> ledger, CancellationToken ct) =>
        CopyAsync(connection,
            "COPY \"TagHistory\" (\"TenantId\", \"CustomerId\", \"TagId\", \"TagKey\", \"Action\", \"Source\", \"SourceRef\", \"Reason\", \"At\") FROM STDIN (FORMAT BINARY)",
            ledger, async (import, h) =>
            {
                await import.WriteAsync(h.TenantId, NpgsqlDbType.Bigint, ct);
                await import.WriteAsync(h.CustomerId, NpgsqlDbType.Bigint, ct);
                await import.WriteAsync(h.TagId, NpgsqlDbType.Bigint, ct);
                await import.WriteAsync(h.TagKey, NpgsqlDbType.Text, ct);
                await import.WriteAsync(h.Action.ToString(), NpgsqlDbType.Text, ct);
                await import.WriteAsync(h.Source.ToString(), NpgsqlDbType.Text, ct);
                await WriteNullableAsync(import, h.SourceRef, ct);
                await WriteNullableAsync(import, h.Reason, ct);
                await import.WriteAsync(Utc(h.At), NpgsqlDbType.TimestampTz, ct);
            }, ct);

    private static Task<bool> CopyIndexLogAsync(NpgsqlConnection connection, IReadOnlyList<IndexChange> index, CancellationToken ct) =>
        CopyAsync(connection,
            "COPY \"IndexChanges\" (\"TenantId\", \"CustomerId\", \"Activities\", \"At\") FROM STDIN (FORMAT BINARY)",
            index, async (import, c) =>
            {
                await import.WriteAsync(c.TenantId, NpgsqlDbType.Bigint, ct);
                await WriteNullableAsync(import, c.CustomerId, NpgsqlDbType.Bigint, ct);
                await import.WriteAsync(c.Activities, NpgsqlDbType.Boolean, ct);
                await import.WriteAsync(Utc(c.At), NpgsqlDbType.TimestampTz, ct);
            }, ct);

    private static Task TakeEventIdsAsync(NpgsqlConnection connection, IReadOnlyList<Event> events, CancellationToken ct) =>
        TakeIdsAsync(connection, "Events", events, (e, id) => e.Id = id, ct);

    // Draws as many ids from a table's identity sequence as there are rows, in one round trip, and gives them to the
    // rows ascending, so the table's id order is the order the save produced them in (the events API pages by id).
    private static async Task TakeIdsAsync<T>(NpgsqlConnection connection, string table, IReadOnlyList<T> rows, Action<T, long> setId, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT nextval(pg_get_serial_sequence('\"{table}\"', 'Id')) FROM generate_series(1, $1)", connection);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = rows.Count });
        var ids = new List<long>(rows.Count);
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                ids.Add(reader.GetInt64(0));
            }
        }

        ids.Sort();
        for (var i = 0; i < rows.Count; i++)
        {
            setId(rows[i], ids[i]);
        }
    }

    private static Task<bool> CopyEventsAsync(NpgsqlConnection connection, IReadOnlyList<Event> events, CancellationToken ct) =>
        CopyAsync(connection,
            "COPY \"Events\" (\"Id\", \"TenantId\", \"Type\", \"OccurredAt\", \"Data\") FROM STDIN (FORMAT BINARY)",
            events, async (import, e) =>
            {
                await import.WriteAsync(e.Id, NpgsqlDbType.Bigint, ct);
                await import.WriteAsync(e.TenantId, NpgsqlDbType.Bigint, ct);
                await import.WriteAsync(e.Type, NpgsqlDbType.Text, ct);
                await import.WriteAsync(Utc(e.OccurredAt), NpgsqlDbType.TimestampTz, ct);
                await import.WriteAsync(e.Data, NpgsqlDbType.Text, ct);
            }, ct);
}
