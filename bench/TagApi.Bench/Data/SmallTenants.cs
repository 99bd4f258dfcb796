using System.Diagnostics;
using System.Globalization;
using Npgsql;
using TagApi.Bench.Infrastructure;

namespace TagApi.Bench.Data;

/// <summary>One of W8's small tenants: its id, its API client, and customers to read and write.</summary>
public sealed record SmallTenant(long TenantId, string ClientId, long[] CustomerIds);

/// <summary>W8's tenants: the small ones, the big one's client, the secret every W8 client shares, and how they were made.</summary>
public sealed record TenantSet(IReadOnlyList<SmallTenant> Small, SmallTenant Big, string ClientSecret, IReadOnlyList<LoadStep> LoadSteps);

/// <summary>
/// Adds W8's small tenants to the dataset's database beside the big (generated) tenant: each gets the big tenant's
/// categories and tags and a copy of its first customers with their tags, all by set-based SQL, so every small tenant
/// holds the same data under its own ids. Of the customers' tags only those W8 reads or writes are copied (with the tags
/// under them, for <c>UNDER</c>): at 1,000 × 10,000 all of them would be about a hundred million rows more, which the
/// benchmark machine's disk does not hold beside the 10M tenant. Their API clients are copies of one made with TagApi's CLI (same hashed
/// secret, own client id), because a thousand CLI runs would take longer than the data.
/// </summary>
public sealed class SmallTenants(PostgresDatabase database, Dataset data, TagApiCli cli)
{
    public const string SlugPrefix = "w8-";
    public const string ClientScopes = "customers:read customers:write segments:read tags:read";
    private const int SampleCustomers = 64;
    private const int TenantsPerBatch = 50;

    public TenantSet LoadOrReuse(int tenants, int customersEach, IReadOnlyCollection<string> tagKeys, bool reuse)
    {
        using var source = database.CreateDataSource();
        using var connection = source.OpenConnection();
        var meta = Meta(connection);
        var steps = new List<LoadStep>();
        var wanted = Shape(tenants, customersEach, tagKeys);
        if (!(reuse && meta.GetValueOrDefault("w8_shape") == wanted))
        {
            Create(connection, tenants, customersEach, tagKeys, steps);
            meta = Meta(connection);
        }
        else
        {
            Log.Info($"W8: reusing {tenants:N0} small tenants of {customersEach:N0} customers");
        }

        var secret = meta["w8_client_secret"];
        var bigClient = meta["w8_big_client_id"];
        var small = Sample(connection, $"""SELECT "Id" FROM "Tenants" WHERE "Slug" LIKE '{SlugPrefix}%' ORDER BY "Id" """, id => ClientIdOf(id));
        var big = Sample(connection, $"SELECT {data.TenantId}", _ => bigClient).Single();
        return new TenantSet(small, big, secret, steps);
    }

    private static string Shape(int tenants, int customersEach, IReadOnlyCollection<string> tagKeys) =>
        $"{tenants}x{customersEach}, tags {string.Join(' ', tagKeys.Order(StringComparer.Ordinal))}";

    public static string ClientIdOf(long tenantId) => "cli_w8_" + tenantId.ToString(CultureInfo.InvariantCulture);

    private void Create(NpgsqlConnection connection, int tenants, int customersEach, IReadOnlyCollection<string> tagKeys, List<LoadStep> steps)
    {
        Log.Info($"W8: adding {tenants:N0} small tenants of {customersEach:N0} customers to {database.Name}");
        Drop(connection);
        var (clientId, clientSecret) = cli.CreateClient(data.Target, PostgresLoader.TenantSlug, ClientScopes);
        var clock = Stopwatch.StartNew();
        Execute(connection, $"""
            INSERT INTO "Tenants" ("Slug", "Name", "CreatedAt")
            SELECT '{SlugPrefix}' || lpad(i::text, 5, '0'), 'W8 tenant ' || i, now() FROM generate_series(1, {tenants}) i;
            CREATE TEMP TABLE w8_tenants AS SELECT "Id" FROM "Tenants" WHERE "Slug" LIKE '{SlugPrefix}%';
            INSERT INTO "OpenIddictApplications" ("Id", "ApplicationType", "ClientId", "ClientSecret", "ClientType", "ConcurrencyToken", "ConsentType",
                "DisplayName", "DisplayNames", "JsonWebKeySet", "Permissions", "PostLogoutRedirectUris", "Properties", "RedirectUris", "Requirements", "Settings")
            SELECT gen_random_uuid()::text, a."ApplicationType", 'cli_w8_' || t."Id", a."ClientSecret", a."ClientType", gen_random_uuid()::text, a."ConsentType",
                'w8 ' || t."Id", a."DisplayNames", a."JsonWebKeySet", a."Permissions", a."PostLogoutRedirectUris", a."Properties", a."RedirectUris", a."Requirements", a."Settings"
            FROM "OpenIddictApplications" a CROSS JOIN w8_tenants t WHERE a."ClientId" = '{clientId}';
            INSERT INTO "ApiClients" ("TenantId", "ClientId", "Name", "Scopes", "CreatedAt")
            SELECT t."Id", 'cli_w8_' || t."Id", 'w8', c."Scopes", now() FROM "ApiClients" c CROSS JOIN w8_tenants t WHERE c."ClientId" = '{clientId}';
            INSERT INTO "TagCategories" ("TenantId", "Key", "Name", "Description", "Color", "Exclusive", "SortOrder", "CreatedAt", "UpdatedAt", "Revision")
            SELECT t."Id", c."Key", c."Name", c."Description", c."Color", c."Exclusive", c."SortOrder", c."CreatedAt", c."UpdatedAt", c."Revision"
            FROM w8_tenants t CROSS JOIN "TagCategories" c WHERE c."TenantId" = {data.TenantId};
            INSERT INTO "Tags" ("TenantId", "Key", "Name", "Description", "Color", "CategoryId", "RuleOwned", "ArchivedAt", "CreatedAt", "UpdatedAt", "Revision")
            SELECT t."Id", g."Key", g."Name", g."Description", g."Color", nc."Id", g."RuleOwned", g."ArchivedAt", g."CreatedAt", g."UpdatedAt", g."Revision"
            FROM w8_tenants t CROSS JOIN "Tags" g
            JOIN "TagCategories" oc ON oc."Id" = g."CategoryId" AND oc."TenantId" = g."TenantId"
            JOIN "TagCategories" nc ON nc."TenantId" = t."Id" AND nc."Key" = oc."Key"
            WHERE g."TenantId" = {data.TenantId};
            UPDATE "Tags" n SET "ParentId" = np."Id"
            FROM "Tags" o JOIN "Tags" op ON op."Id" = o."ParentId" AND op."TenantId" = o."TenantId", "Tags" np
            WHERE n."TenantId" IN (SELECT "Id" FROM w8_tenants) AND o."TenantId" = {data.TenantId} AND o."Key" = n."Key"
              AND np."TenantId" = n."TenantId" AND np."Key" = op."Key";
            CREATE TEMP TABLE w8_source AS SELECT * FROM "Customers" WHERE "TenantId" = {data.TenantId} ORDER BY "Id" LIMIT {customersEach};
            CREATE TEMP TABLE w8_kept_tags AS
            WITH RECURSIVE kept AS (
                SELECT "Id" FROM "Tags" WHERE "TenantId" = {data.TenantId} AND "Key" IN ({string.Join(", ", tagKeys.Select(k => "'" + k.Replace("'", "''", StringComparison.Ordinal) + "'"))})
                UNION SELECT t."Id" FROM "Tags" t JOIN kept k ON t."ParentId" = k."Id" WHERE t."TenantId" = {data.TenantId})
            SELECT "Id" FROM kept;
            CREATE TEMP TABLE w8_source_tags AS
            SELECT s."ExternalId", g."Key", a."Source", a."SourceRef", a."AssignedAt", a."ExpiresAt"
            FROM w8_source s JOIN "TagAssignments" a ON a."TenantId" = {data.TenantId} AND a."CustomerId" = s."Id"
            JOIN "Tags" g ON g."Id" = a."TagId" AND g."TenantId" = a."TenantId"
            WHERE a."TagId" IN (SELECT "Id" FROM w8_kept_tags);
            """);
        steps.Add(new LoadStep($"W8: {tenants:N0} tenants with API clients, categories and tags (SQL)", tenants, clock.Elapsed.TotalSeconds));

        clock.Restart();
        long customers = 0, assignments = 0;
        var superuser = Scalar(connection, "SELECT rolsuper::int FROM pg_roles WHERE rolname = current_user") == 1;
        if (superuser)
        {
            // As in the main load: no per-row foreign-key triggers for rows made from rows that satisfy them.
            Execute(connection, "SET session_replication_role = replica");
        }

        var ids = Ids(connection, "SELECT \"Id\" FROM w8_tenants ORDER BY \"Id\"");
        foreach (var batch in ids.Chunk(TenantsPerBatch))
        {
            var list = string.Join(',', batch);
            customers += Execute(connection, $"""
                INSERT INTO "Customers" ("TenantId", "ExternalId", "Type", "Name", "Email", "Phone", "Gender", "BirthDate", "Country", "Region", "City",
                    "Industry", "Source", "SourceDetail", "Locale", "Attributes", "TotalSpent", "OrderCount", "FirstOrderAt", "LastOrderAt", "LastActivityAt",
                    "Version", "CreatedAt", "UpdatedAt")
                SELECT t, s."ExternalId", s."Type", s."Name", s."Email", s."Phone", s."Gender", s."BirthDate", s."Country", s."Region", s."City",
                    s."Industry", s."Source", s."SourceDetail", s."Locale", s."Attributes", s."TotalSpent", s."OrderCount", s."FirstOrderAt", s."LastOrderAt", s."LastActivityAt",
                    s."Version", s."CreatedAt", s."UpdatedAt"
                FROM unnest(ARRAY[{list}]::bigint[]) t CROSS JOIN w8_source s
                """);
            assignments += Execute(connection, $"""
                INSERT INTO "TagAssignments" ("CustomerId", "TagId", "TenantId", "Source", "SourceRef", "AssignedAt", "ExpiresAt")
                SELECT c."Id", g."Id", c."TenantId", st."Source", st."SourceRef", st."AssignedAt", st."ExpiresAt"
                FROM w8_source_tags st
                JOIN "Customers" c ON c."TenantId" = ANY(ARRAY[{list}]::bigint[]) AND c."ExternalId" = st."ExternalId"
                JOIN "Tags" g ON g."TenantId" = c."TenantId" AND g."Key" = st."Key"
                """);
            Log.Info($"W8: {customers:N0} customers, {assignments:N0} assignments so far ({clock.Elapsed.TotalSeconds:0} s)");
        }

        Execute(connection, "RESET session_replication_role");
        steps.Add(new LoadStep("W8: small tenants' customers (INSERT … SELECT)", customers, clock.Elapsed.TotalSeconds));
        steps.Add(new LoadStep("W8: small tenants' tag assignments (INSERT … SELECT, same run)", assignments, clock.Elapsed.TotalSeconds));
        clock.Restart();
        Execute(connection, """VACUUM ANALYZE "Customers", "TagAssignments", "Tags", "TagCategories", "Tenants", "ApiClients" """);
        steps.Add(new LoadStep("W8: VACUUM ANALYZE", customers + assignments, clock.Elapsed.TotalSeconds));
        Execute(connection, $"""
            INSERT INTO bench_meta (key, value) VALUES ('w8_shape', '{Shape(tenants, customersEach, tagKeys)}'), ('w8_client_secret', '{clientSecret}'), ('w8_big_client_id', '{clientId}')
            ON CONFLICT (key) DO UPDATE SET value = excluded.value
            """);
    }

    /// <summary>Removes small tenants of an earlier shape (their rows first), so a new shape starts clean.</summary>
    private static void Drop(NpgsqlConnection connection)
    {
        var small = $"""(SELECT "Id" FROM "Tenants" WHERE "Slug" LIKE '{SlugPrefix}%')""";
        if (Scalar(connection, $"SELECT count(*) FROM {small} s") == 0)
        {
            return;
        }

        Log.Info("W8: removing the small tenants of an earlier shape");
        foreach (var table in new[]
        {
            "TagAssignments", "TagHistory", "TagDailyCounts", "TagHourlyCounts", "IndexChanges", "Events", "IdempotencyRecords",
            "OwedRuleEvaluations", "Activities", "SegmentMembers", "Customers", "TagAliases", "Tags", "TagCategories",
        })
        {
            Execute(connection, $"""DELETE FROM "{table}" WHERE "TenantId" IN {small}""");
        }

        Execute(connection, $"""DELETE FROM "OpenIddictApplications" WHERE "ClientId" IN (SELECT "ClientId" FROM "ApiClients" WHERE "TenantId" IN {small})""");
        Execute(connection, $"""DELETE FROM "ApiClients" WHERE "TenantId" IN {small}""");
        Execute(connection, $"""DELETE FROM "Tenants" WHERE "Id" IN {small}""");
    }

    private static List<SmallTenant> Sample(NpgsqlConnection connection, string tenantsSql, Func<long, string> clientId)
    {
        var customers = new Dictionary<long, List<long>>();
        using (var command = new NpgsqlCommand($"""
            SELECT t.id, c."Id" FROM ({tenantsSql}) t(id)
            CROSS JOIN LATERAL (SELECT "Id" FROM "Customers" WHERE "TenantId" = t.id ORDER BY "Id" LIMIT {SampleCustomers}) c
            """, connection))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var tenant = reader.GetInt64(0);
                if (!customers.TryGetValue(tenant, out var list))
                {
                    customers[tenant] = list = [];
                }

                list.Add(reader.GetInt64(1));
            }
        }

        return customers.OrderBy(c => c.Key).Select(c => new SmallTenant(c.Key, clientId(c.Key), [.. c.Value])).ToList();
    }

    private static Dictionary<string, string> Meta(NpgsqlConnection connection)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        using var command = new NpgsqlCommand("SELECT key, value FROM bench_meta", connection);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            values[reader.GetString(0)] = reader.GetString(1);
        }

        return values;
    }

    private static List<long> Ids(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        using var reader = command.ExecuteReader();
        var ids = new List<long>();
        while (reader.Read())
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }

    private static long Scalar(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static int Execute(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        return command.ExecuteNonQuery();
    }
}
