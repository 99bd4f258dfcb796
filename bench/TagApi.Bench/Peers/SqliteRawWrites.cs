using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace TagApi.Bench.Peers;

/// <summary>
/// W4b's SQLite peer: raw Microsoft.Data.Sqlite, each write one <c>BEGIN IMMEDIATE</c> transaction of prepared
/// statements — the row change, the customer's version, the history or change-log row, the event row — on the file
/// TagApi serves, with its pragmas as they are. SQLite has one writer at a time, so writers queue on an in-process
/// lock rather than spinning on SQLITE_BUSY.
/// </summary>
public sealed class SqliteRawWrites(string connectionString, long tenantId) : IRawWriteStore
{
    private readonly SemaphoreSlim _writer = new(1, 1);
    private readonly ConcurrentDictionary<string, long> _tags = new(StringComparer.Ordinal);

    public string Settings()
    {
        using var connection = Open();
        string Pragma(string name)
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA {name}";
            return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture)!;
        }

        return $"journal_mode={Pragma("journal_mode")}, synchronous={Pragma("synchronous")}";
    }

    public Task<long?> UpsertNameAsync(string externalId, string name, CancellationToken ct) => WriteAsync(connection =>
    {
        var now = DateTime.UtcNow;
        var row = Query(connection, """UPDATE "Customers" SET "Name" = $n, "UpdatedAt" = $now, "Version" = "Version" + 1 WHERE "TenantId" = $t AND "ExternalId" = $x RETURNING "Id", "Version" """,
            ("$n", name), ("$now", now), ("$t", tenantId), ("$x", externalId));
        if (row is null)
        {
            return (long?)null;
        }

        var (id, version) = row.Value;
        Execute(connection, """INSERT INTO "IndexChanges" ("TenantId", "CustomerId", "Activities", "At", "TxStamp") VALUES ($t, $c, 0, $now, 0)""", ("$t", tenantId), ("$c", id), ("$now", now));
        Execute(connection, """INSERT INTO "Events" ("TenantId", "Type", "OccurredAt", "Data", "TxStamp") VALUES ($t, 'customer.updated', $now, $d, 0)""",
            ("$t", tenantId), ("$now", now), ("$d", $$"""{"customer":{"id":{{id}},"externalId":"{{externalId}}"},"version":{{version}},"changed":["name"]}"""));
        return id;
    }, ct);

    public async Task<int> ChangeTagAsync(long customerId, string tagKey, bool adding, CancellationToken ct)
    {
        var tagId = TagId(tagKey);
        return await WriteAsync(connection =>
        {
            var now = DateTime.UtcNow;
            var changed = adding
                ? Execute(connection, """INSERT OR IGNORE INTO "TagAssignments" ("TenantId", "CustomerId", "TagId", "AssignedAt", "ExpiresAt", "Source", "SourceRef") VALUES ($t, $c, $g, $now, NULL, 'Manual', 'raw')""",
                    ("$t", tenantId), ("$c", customerId), ("$g", tagId), ("$now", now))
                : Execute(connection, """DELETE FROM "TagAssignments" WHERE "TenantId" = $t AND "CustomerId" = $c AND "TagId" = $g""", ("$t", tenantId), ("$c", customerId), ("$g", tagId));
            if (changed == 0)
            {
                return 0;
            }

            var action = adding ? "Added" : "Removed";
            Query(connection, """UPDATE "Customers" SET "Version" = "Version" + 1, "UpdatedAt" = $now WHERE "TenantId" = $t AND "Id" = $c RETURNING "Id", "Version" """, ("$now", now), ("$t", tenantId), ("$c", customerId));
            Execute(connection, """INSERT INTO "TagHistory" ("TenantId", "CustomerId", "TagId", "TagKey", "Action", "Source", "SourceRef", "Reason", "At") VALUES ($t, $c, $g, $k, $a, 'Manual', 'raw', NULL, $now)""",
                ("$t", tenantId), ("$c", customerId), ("$g", tagId), ("$k", tagKey), ("$a", action), ("$now", now));
            Execute(connection, """INSERT INTO "IndexChanges" ("TenantId", "CustomerId", "Activities", "At", "TxStamp") VALUES ($t, $c, 0, $now, 0)""", ("$t", tenantId), ("$c", customerId), ("$now", now));
            Execute(connection, """INSERT INTO "Events" ("TenantId", "Type", "OccurredAt", "Data", "TxStamp") VALUES ($t, $y, $now, $d, 0)""",
                ("$t", tenantId), ("$y", adding ? "customer.tags.added" : "customer.tags.removed"), ("$now", now),
                ("$d", $$"""{"customer":{"id":{{customerId}}},"tags":[{"id":{{tagId}},"key":"{{tagKey}}","action":"{{action}}"}]}"""));
            return 1;
        }, ct);
    }

    public Task<bool> RecordActivityAsync(long customerId, string externalId, string type, string channel, CancellationToken ct) => WriteAsync(connection =>
    {
        var now = DateTime.UtcNow;
        var inserted = Execute(connection, """INSERT OR IGNORE INTO "Activities" ("TenantId", "CustomerId", "ExternalId", "Type", "Channel", "OccurredAt", "RecordedAt", "Properties") VALUES ($t, $c, $x, $y, $ch, $now, $now, '{}')""",
            ("$t", tenantId), ("$c", customerId), ("$x", externalId), ("$y", type), ("$ch", channel), ("$now", now));
        if (inserted == 0)
        {
            return false;
        }

        Query(connection, """UPDATE "Customers" SET "LastActivityAt" = max(coalesce("LastActivityAt", $now), $now), "Version" = "Version" + 1 WHERE "TenantId" = $t AND "Id" = $c RETURNING "Id", "Version" """, ("$now", now), ("$t", tenantId), ("$c", customerId));
        Execute(connection, """INSERT INTO "IndexChanges" ("TenantId", "CustomerId", "Activities", "At", "TxStamp") VALUES ($t, $c, 1, $now, 0)""", ("$t", tenantId), ("$c", customerId), ("$now", now));
        return true;
    }, ct);

    public void Dispose() => _writer.Dispose();

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        return connection;
    }

    private async Task<T> WriteAsync<T>(Func<SqliteConnection, T> work, CancellationToken ct)
    {
        await _writer.WaitAsync(ct);
        try
        {
            using var connection = Open();
            using var transaction = connection.BeginTransaction(deferred: false);
            var result = work(connection);
            transaction.Commit();
            return result;
        }
        finally
        {
            _writer.Release();
        }
    }

    private long TagId(string key)
    {
        if (_tags.TryGetValue(key, out var id))
        {
            return id;
        }

        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """SELECT "Id" FROM "Tags" WHERE "TenantId" = $t AND "Key" = $k""";
        command.Parameters.AddWithValue("$t", tenantId);
        command.Parameters.AddWithValue("$k", key);
        id = (long)(command.ExecuteScalar() ?? throw new KeyNotFoundException($"no tag '{key}'"));
        _tags[key] = id;
        return id;
    }

    private static int Execute(SqliteConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = Prepare(connection, sql, parameters);
        return command.ExecuteNonQuery();
    }

    private static (long Id, long Version)? Query(SqliteConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = Prepare(connection, sql, parameters);
        using var reader = command.ExecuteReader();
        return reader.Read() ? (reader.GetInt64(0), reader.GetInt64(1)) : null;
    }

    private static SqliteCommand Prepare(SqliteConnection connection, string sql, (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }
}
