using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace TagApi.Data.Postgres;

/// <summary>The pieces every binary COPY of this context is made of.</summary>
public sealed partial class PostgresTagApiDbContext
{
    // Runs work on the context's own connection — so it joins the current transaction — opened for the call.
    private async Task<T> OnConnectionAsync<T>(Func<NpgsqlConnection, Task<T>> work, CancellationToken ct)
    {
        await Database.OpenConnectionAsync(ct);
        try
        {
            return await work((NpgsqlConnection)Database.GetDbConnection());
        }
        finally
        {
            await Database.CloseConnectionAsync();
        }
    }

    // One binary COPY: each row is started, then writeRow writes its columns in the statement's order. Rows and values are
    // written synchronously: they go into the connection's write buffer, and only a full buffer is sent, blocking the
    // thread for that one send; an awaited call per value cost an async state machine for what is, but for that send,
    // a copy in memory. The end of the COPY is awaited.
    private static async Task<bool> CopyAsync<T>(
        NpgsqlConnection connection, string copy, IEnumerable<T> rows, Action<NpgsqlBinaryImporter, T> writeRow, CancellationToken ct)
    {
        await using var import = await connection.BeginBinaryImportAsync(copy, ct);
        foreach (var row in rows)
        {
            import.StartRow();
            writeRow(import, row);
        }

        await import.CompleteAsync(ct);
        return true;
    }

    // Below this many rows a write goes as INSERTs over arrays in one round trip rather than by COPY, which costs two
    // round trips whatever the size and only pays off for large sets.
    private const int CopyFromRows = 500;

    // One statement of a batch, its parameters positional ($1, $2…).
    private static NpgsqlBatchCommand Command(string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        return command;
    }

    // A column of rows as one array parameter (an unnest argument); its PostgreSQL type is inferred from the CLR type.
    private static NpgsqlParameter<TValue[]> Array<TRow, TValue>(IReadOnlyList<TRow> rows, Func<TRow, TValue> column)
    {
        var values = new TValue[rows.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = column(rows[i]);
        }

        return new NpgsqlParameter<TValue[]> { TypedValue = values };
    }

    // A timestamp column as one timestamptz[] parameter: stated, as an array whose values are all null infers no type.
    private static NpgsqlParameter<DateTime?[]> Timestamps<TRow>(IReadOnlyList<TRow> rows, Func<TRow, DateTime?> column)
    {
        var parameter = Array(rows, row => column(row) is { } value ? Utc(value) : (DateTime?)null);
        parameter.NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz;
        return parameter;
    }

    // timestamptz takes UTC only; the domain clock's values are UTC already (an Unspecified one is taken as UTC).
    // The unit of work's tenant as the first parameter of a statement over arrays: rows are found by their tenant-first
    // keys, which a statement naming only the ids could not use.
    private NpgsqlParameter<long> TenantParameter() => new() { TypedValue = Tenant.RequiredTenantId };

    internal static DateTime Utc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
    };

    internal static void WriteNullable(NpgsqlBinaryImporter import, string? value)
    {
        if (value is null)
        {
            import.WriteNull();
        }
        else
        {
            import.Write(value, NpgsqlDbType.Text);
        }
    }

    internal static void WriteNullable<T>(NpgsqlBinaryImporter import, T? value, NpgsqlDbType type)
        where T : struct
    {
        if (value is { } present)
        {
            import.Write(present, type);
        }
        else
        {
            import.WriteNull();
        }
    }
}
