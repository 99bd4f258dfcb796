using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using TagApi.Core.Rules;
using TagApi.Core.Segments.Engine;
using TagApi.Core.TagAssignments;
using TagApi.Core.Webhooks;

namespace TagApi.Data.Postgres;

/// <summary>The change log a save derives (ledger, index log, owed rule evaluations, events), written with binary COPY.</summary>
public sealed partial class PostgresTagApiDbContext
{
    protected override bool WritesChangeLogInBulk => true;

    /// <summary>
    /// Events need their ids (deliveries and receivers refer to them), which neither COPY nor a multi-row insert hands
    /// back in order. A small change log (a request's few changes) goes as INSERTs over arrays sent together in one
    /// round trip: the events' INSERT draws their ids from the identity in the order the save produced them and
    /// returns them, and the same round trip answers whether any endpoint is subscribed at all, so a tenant without
    /// webhooks pays no read for the outbox fan-out. The ledger goes last: its count triggers lock each tag's
    /// day and hour rows until the commit, so the fewer statements after it, the shorter other writers of that tag wait.
    /// A large change log goes as three binary COPYs (and the few owed rule evaluations, one row per thousand customers,
    /// as one INSERT), the events' ids taken from the identity's sequence first in one round trip — the same numbers an
    /// INSERT would have drawn, in the same order. Each COPY is two round trips with the client's work in between, and
    /// under load most of a small COPY's database time is spent waiting for the busy client, which one INSERT over
    /// arrays does not do. None of them names <c>TxStamp</c>: its column default stamps the writing transaction.
    /// </summary>
    protected override Task<(bool? Subscribed, long? TxStamp)> InsertChangeLogAsync(
        IReadOnlyList<TagHistoryEntry> ledger, IReadOnlyList<IndexChange> index, IReadOnlyList<Event> events, IReadOnlyList<OwedRuleEvaluation> owed,
        CancellationToken ct) =>
        OnConnectionAsync(async connection =>
        {
            if (ledger.Count + index.Count + events.Count < CopyFromRows)
            {
                return await InsertSmallChangeLogAsync(connection, ledger, index, events, owed, ct);
            }

            if (events.Count > 0)
            {
                await TakeEventIdsAsync(connection, events, ct);
            }

            // A row per thousand customers: a few at most, one INSERT over arrays.
            if (owed.Count > 0)
            {
                await using var batch = new NpgsqlBatch(connection);
                batch.BatchCommands.Add(InsertOwed(owed));
                await batch.ExecuteNonQueryAsync(ct);
            }

            long? stamp = null;
            if (index.Count > 0)
            {
                await using var command = new NpgsqlCommand($"SELECT {CurrentTransactionId}", connection);
                stamp = (long)(await command.ExecuteScalarAsync(ct))!;
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

            return ((bool?)null, stamp);
        }, ct);

    // More lines than a single write makes of one tag are counted by the statement trigger's one grouped upsert.
    private const int MaxLinesCountedAtCommit = 16;

    private static async Task<(bool? Subscribed, long? TxStamp)> InsertSmallChangeLogAsync(
        NpgsqlConnection connection, IReadOnlyList<TagHistoryEntry> ledger, IReadOnlyList<IndexChange> index, IReadOnlyList<Event> events,
        IReadOnlyList<OwedRuleEvaluation> owed, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(connection);
        // The stamp the index-log rows take from their column default, answered in the same round trip.
        if (index.Count > 0)
        {
            batch.BatchCommands.Add(Command($"SELECT {CurrentTransactionId}"));
        }

        if (events.Count > 0)
        {
            batch.BatchCommands.Add(Command(
                """SELECT EXISTS (SELECT 1 FROM "WebhookEndpoints" WHERE "TenantId" = ANY ($1) AND "Enabled")""",
                new NpgsqlParameter<long[]> { TypedValue = [.. events.Select(e => e.TenantId).Distinct()] }));
            // Rows are inserted in the arrays' order, each drawing its id from the identity as it goes.
            batch.BatchCommands.Add(Command(
                """
                INSERT INTO "Events" ("TenantId", "Type", "OccurredAt", "Data") SELECT * FROM unnest($1, $2, $3, $4) RETURNING "Id"
                """,
                Array(events, e => e.TenantId), Array(events, e => e.Type), Timestamps(events, e => e.OccurredAt), Array(events, e => e.Data)));
        }

        if (owed.Count > 0)
        {
            batch.BatchCommands.Add(InsertOwed(owed));
        }

        if (index.Count > 0)
        {
            batch.BatchCommands.Add(Command(
                """
                INSERT INTO "IndexChanges" ("TenantId", "CustomerId", "Activities", "At") SELECT * FROM unnest($1, $2, $3, $4)
                """,
                Array(index, c => c.TenantId), Array(index, c => c.CustomerId), Array(index, c => c.Activities), Timestamps(index, c => c.At)));
        }

        // A single write's few lines of one tag are counted when the transaction commits (PostgresTagChangeCounts.CountAtCommit).
        var countAtCommit = ledger.Count is > 0 and <= MaxLinesCountedAtCommit && ledger.All(h => h.TenantId == ledger[0].TenantId && h.TagId == ledger[0].TagId);
        if (countAtCommit)
        {
            batch.BatchCommands.Add(Command($"SELECT set_config('{PostgresTagChangeCounts.AtCommitSetting}', 'on', true)"));
        }

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

        if (countAtCommit)
        {
            batch.BatchCommands.Add(Command($"SELECT set_config('{PostgresTagChangeCounts.AtCommitSetting}', 'off', true)"));
        }

        if (events.Count == 0 && index.Count == 0)
        {
            await batch.ExecuteNonQueryAsync(ct);
            return (null, null);
        }

        long? stamp = null;
        bool? subscribed = null;
        var ids = new List<long>(events.Count);
        await using (var reader = await batch.ExecuteReaderAsync(ct))
        {
            if (index.Count > 0)
            {
                await reader.ReadAsync(ct);
                stamp = reader.GetInt64(0);
                await reader.NextResultAsync(ct);
            }

            if (events.Count > 0)
            {
                await reader.ReadAsync(ct);
                subscribed = reader.GetBoolean(0);
                await reader.NextResultAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    ids.Add(reader.GetInt64(0));
                }
            }

            // The remaining statements return no rows; reading on surfaces their errors here.
            while (await reader.NextResultAsync(ct))
            {
            }
        }

        // Ascending, as the rows were produced: the events API pages by id.
        ids.Sort();
        for (var i = 0; i < events.Count; i++)
        {
            events[i].Id = ids[i];
        }

        return (subscribed, stamp);
    }

    private static NpgsqlBatchCommand InsertOwed(IReadOnlyList<OwedRuleEvaluation> owed) =>
        Command(
            """
            INSERT INTO "OwedRuleEvaluations" ("Id", "TenantId", "CustomerIds", "CreatedAt", "LeaseUntil", "LeaseOwner")
            SELECT * FROM unnest($1, $2, $3, $4, $5, $6)
            """,
            Array(owed, o => o.Id), Array(owed, o => o.TenantId), Array(owed, o => o.CustomerIds), Timestamps(owed, o => o.CreatedAt),
            Timestamps(owed, o => o.LeaseUntil), Array(owed, o => o.LeaseOwner));

    private static Task<bool> CopyLedgerAsync(NpgsqlConnection connection, IReadOnlyList<TagHistoryEntry> ledger, CancellationToken ct) =>
        CopyAsync(connection,
            "COPY \"TagHistory\" (\"TenantId\", \"CustomerId\", \"TagId\", \"TagKey\", \"Action\", \"Source\", \"SourceRef\", \"Reason\", \"At\") FROM STDIN (FORMAT BINARY)",
            ledger, (import, h) =>
            {
                import.Write(h.TenantId, NpgsqlDbType.Bigint);
                import.Write(h.CustomerId, NpgsqlDbType.Bigint);
                import.Write(h.TagId, NpgsqlDbType.Bigint);
                import.Write(h.TagKey, NpgsqlDbType.Text);
                import.Write(h.Action.ToString(), NpgsqlDbType.Text);
                import.Write(h.Source.ToString(), NpgsqlDbType.Text);
                WriteNullable(import, h.SourceRef);
                WriteNullable(import, h.Reason);
                import.Write(Utc(h.At), NpgsqlDbType.TimestampTz);
            }, ct);

    private static Task<bool> CopyIndexLogAsync(NpgsqlConnection connection, IReadOnlyList<IndexChange> index, CancellationToken ct) =>
        CopyAsync(connection,
            "COPY \"IndexChanges\" (\"TenantId\", \"CustomerId\", \"Activities\", \"At\") FROM STDIN (FORMAT BINARY)",
            index, (import, c) =>
            {
                import.Write(c.TenantId, NpgsqlDbType.Bigint);
                WriteNullable(import, c.CustomerId, NpgsqlDbType.Bigint);
                import.Write(c.Activities, NpgsqlDbType.Boolean);
                import.Write(Utc(c.At), NpgsqlDbType.TimestampTz);
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
            events, (import, e) =>
            {
                import.Write(e.Id, NpgsqlDbType.Bigint);
                import.Write(e.TenantId, NpgsqlDbType.Bigint);
                import.Write(e.Type, NpgsqlDbType.Text);
                import.Write(Utc(e.OccurredAt), NpgsqlDbType.TimestampTz);
                import.Write(e.Data, NpgsqlDbType.Text);
            }, ct);
}
