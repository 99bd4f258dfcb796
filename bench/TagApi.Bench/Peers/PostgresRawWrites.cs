using System.Collections.Concurrent;
using Npgsql;

namespace TagApi.Bench.Peers;

/// <summary>
/// W4b's PostgreSQL peer: each write is one statement — data-modifying CTEs — so it is one round trip and one implicit
/// transaction: the row change, the customer's version, the history or change-log row and the event row commit together.
/// It writes TagApi's own tables, so the same indexes and the ledger's count triggers fire for it too.
/// </summary>
public sealed class PostgresRawWrites(string connectionString, long tenantId) : IRawWriteStore
{
    private const string Upsert = """
        WITH c AS (UPDATE "Customers" SET "Name" = $3, "UpdatedAt" = now(), "Version" = "Version" + 1
                   WHERE "TenantId" = $1 AND "ExternalId" = $2 RETURNING "Id", "ExternalId", "Version"),
             i AS (INSERT INTO "IndexChanges" ("TenantId", "CustomerId", "Activities", "At") SELECT $1, "Id", false, now() FROM c),
             e AS (INSERT INTO "Events" ("TenantId", "Type", "OccurredAt", "Data")
                   SELECT $1, 'customer.updated', now(), json_build_object('customer', json_build_object('id', "Id", 'externalId', "ExternalId"),
                          'version', "Version", 'changed', json_build_array('name'))::text FROM c)
        SELECT "Id" FROM c
        """;

    private const string TagChange = """
        WITH c AS (UPDATE "Customers" SET "Version" = "Version" + 1, "UpdatedAt" = now()
                   WHERE "TenantId" = $1 AND "Id" IN (SELECT "CustomerId" FROM a) RETURNING "Id", "ExternalId", "Version"),
             h AS (INSERT INTO "TagHistory" ("TenantId", "CustomerId", "TagId", "TagKey", "Action", "Source", "SourceRef", "Reason", "At")
                   SELECT $1, "CustomerId", $3, $4, $5, 'Manual', 'raw', NULL, now() FROM a),
             i AS (INSERT INTO "IndexChanges" ("TenantId", "CustomerId", "Activities", "At") SELECT $1, "CustomerId", false, now() FROM a),
             e AS (INSERT INTO "Events" ("TenantId", "Type", "OccurredAt", "Data")
                   SELECT $1, $6, now(), json_build_object('customer', json_build_object('id', "Id", 'externalId', "ExternalId"),
                          'tags', json_build_array(json_build_object('id', $3, 'key', $4, 'action', $5)))::text FROM c)
        SELECT count(*)::int FROM a
        """;

    private const string Add = """
        WITH a AS (INSERT INTO "TagAssignments" ("TenantId", "CustomerId", "TagId", "AssignedAt", "ExpiresAt", "Source", "SourceRef")
                   VALUES ($1, $2, $3, now(), NULL, 'Manual', 'raw') ON CONFLICT DO NOTHING RETURNING "CustomerId"),
        """;

    private const string Remove = """
        WITH a AS (DELETE FROM "TagAssignments" WHERE "TenantId" = $1 AND "CustomerId" = $2 AND "TagId" = $3 RETURNING "CustomerId"),
        """;

    private const string Activity = """
        WITH a AS (INSERT INTO "Activities" ("TenantId", "CustomerId", "ExternalId", "Type", "Channel", "OccurredAt", "RecordedAt", "Properties", "Amount", "Currency")
                   VALUES ($1, $2, $3, $4, $5, now(), now(), '{}', NULL, NULL) ON CONFLICT DO NOTHING RETURNING "CustomerId", "OccurredAt"),
             c AS (UPDATE "Customers" AS u SET "LastActivityAt" = greatest(u."LastActivityAt", a."OccurredAt"), "Version" = u."Version" + 1
                   FROM a WHERE u."TenantId" = $1 AND u."Id" = a."CustomerId" RETURNING u."Id"),
             i AS (INSERT INTO "IndexChanges" ("TenantId", "CustomerId", "Activities", "At") SELECT $1, "Id", true, now() FROM c)
        SELECT count(*)::int FROM a
        """;

    private readonly NpgsqlDataSource _source = NpgsqlDataSource.Create(connectionString);
    private readonly ConcurrentDictionary<string, long> _tags = new(StringComparer.Ordinal);

    public string Settings()
    {
        using var command = _source.CreateCommand("SELECT string_agg(name || '=' || setting, ', ' ORDER BY name) FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes', 'wal_sync_method', 'commit_delay')");
        return (string)command.ExecuteScalar()!;
    }

    public async Task<long?> UpsertNameAsync(string externalId, string name, CancellationToken ct)
    {
        await using var command = _source.CreateCommand(Upsert);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = tenantId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = externalId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
        return await command.ExecuteScalarAsync(ct) is long id ? id : null;
    }

    public async Task<int> ChangeTagAsync(long customerId, string tagKey, bool adding, CancellationToken ct)
    {
        var tagId = await TagIdAsync(tagKey, ct);
        await using var command = _source.CreateCommand((adding ? Add : Remove) + TagChange[4..]);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = tenantId });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = customerId });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = tagId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tagKey });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = adding ? "Added" : "Removed" });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = adding ? "customer.tags.added" : "customer.tags.removed" });
        return (int)(await command.ExecuteScalarAsync(ct))!;
    }

    public async Task<bool> RecordActivityAsync(long customerId, string externalId, string type, string channel, CancellationToken ct)
    {
        await using var command = _source.CreateCommand(Activity);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = tenantId });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = customerId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = externalId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = type });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = channel });
        return (int)(await command.ExecuteScalarAsync(ct))! == 1;
    }

    // Tags are looked up once and kept, as TagApi keeps its catalog.
    private async ValueTask<long> TagIdAsync(string key, CancellationToken ct)
    {
        if (_tags.TryGetValue(key, out var id))
        {
            return id;
        }

        await using var command = _source.CreateCommand("""SELECT "Id" FROM "Tags" WHERE "TenantId" = $1 AND "Key" = $2""");
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = tenantId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key });
        id = (long)(await command.ExecuteScalarAsync(ct) ?? throw new KeyNotFoundException($"no tag '{key}'"));
        _tags[key] = id;
        return id;
    }

    public void Dispose() => _source.Dispose();
}
