using System.Diagnostics;
using System.Globalization;
using Npgsql;
using NpgsqlTypes;
using TagApi.Bench.Infrastructure;
using TagApi.Bench.Peers;

namespace TagApi.Bench.Data;

/// <summary>
/// Builds a benchmark database the way an operator would get one: TagApi's own migrations and
/// CLI for the schema, tenant and API client; then customers and tag assignments streamed in with
/// Npgsql binary COPY; then the peers' own structures (the intarray table) from the same data.
/// </summary>
public sealed partial class PostgresLoader(CustomerGenerator generator, TagApiCli cli, ulong seed)
{
    public const string TenantSlug = "bench";

    /// <summary>segments:write and customers:pii are there for the saved-segment export with e-mail (W3).</summary>
    public const string ClientScopes = "segments:read segments:write customers:read customers:pii";

    public Dataset LoadOrReuse(PostgresDatabase database, int customers, bool reuse)
    {
        if (reuse && database.Exists() && BenchMeta.TryRead(database, customers, seed) is { } meta)
        {
            Log.Info($"reusing database {database.Name} ({customers:N0} customers, seed {seed})");
            return Reuse(database, meta);
        }

        return Load(database, customers);
    }

    private Dataset Load(PostgresDatabase database, int customers)
    {
        Log.Info($"creating database {database.Name} with TagApi's migrations and CLI");
        database.Recreate();
        var target = database.Target;
        cli.Migrate(target);
        cli.CreateTenant(target, TenantSlug);
        var (clientId, clientSecret) = cli.CreateClient(target, TenantSlug, ClientScopes);

        using var dataSource = database.CreateDataSource();
        using var connection = dataSource.OpenConnection();
        // With asynchronous commit, a VACUUM right after the load may find the inserting
        // transactions' commits not yet flushed and leave every page out of the visibility map,
        // which would turn the peers' index-only scans into heap fetches.
        Execute(connection, "SET synchronous_commit = on");
        var tenantId = Scalar<long>(connection, $"SELECT \"Id\" FROM \"Tenants\" WHERE \"Slug\" = '{TenantSlug}'");
        var tagIds = TagWriter.Insert(connection, tenantId, generator.Anchor);
        var tagIdByIndex = TagCatalog.All.Select(t => tagIds[t.Key]).ToArray();

        // As superuser, skip per-row foreign-key triggers during the load: the generator writes
        // only ids it created, and the constraints stay declared.
        var superuser = Scalar<bool>(connection, "SELECT rolsuper FROM pg_roles WHERE rolname = current_user");
        if (superuser)
        {
            Execute(connection, "SET session_replication_role = replica");
        }

        var steps = new List<LoadStep>();
        var indexes = SecondaryIndexes.Drop(connection, "Customers", "TagAssignments");
        var createdAt = new DateTime[customers];
        var clock = Stopwatch.StartNew();
        CopyCustomers(connection, tenantId, customers, createdAt);
        steps.Add(new LoadStep("Customers: binary COPY (generated on the fly)", customers, clock.Elapsed.TotalSeconds));
        Log.Info($"customers loaded: {customers:N0} in {clock.Elapsed.TotalSeconds:0.0} s");

        var matrix = new TagMatrix(customers);
        clock.Restart();
        var assignments = CopyAssignments(connection, tenantId, clientId, tagIdByIndex, createdAt, matrix);
        steps.Add(new LoadStep("TagAssignments: binary COPY (generated on the fly)", assignments, clock.Elapsed.TotalSeconds));
        Log.Info($"assignments loaded: {assignments:N0} in {clock.Elapsed.TotalSeconds:0.0} s");

        clock.Restart();
        indexes.Recreate(connection);
        steps.Add(new LoadStep($"Rebuild the {indexes.Count} secondary indexes of Customers and TagAssignments", customers + assignments, clock.Elapsed.TotalSeconds));
        Execute(connection, "RESET session_replication_role");
        Execute(connection, """SELECT setval(pg_get_serial_sequence('"Customers"', 'Id'), (SELECT max("Id") FROM "Customers"))""");
        Log.Info($"secondary indexes rebuilt in {clock.Elapsed.TotalSeconds:0.0} s");

        clock.Restart();
        GinPeerTable.Create(connection, matrix, tagIdByIndex);
        steps.Add(new LoadStep("Peer: bench_customer_tags int[] binary COPY + GIN (gin__int_ops) index", customers, clock.Elapsed.TotalSeconds));
        Log.Info($"intarray peer table built in {clock.Elapsed.TotalSeconds:0.0} s");

        clock.Restart();
        Execute(connection, """VACUUM ANALYZE "Customers", "TagAssignments", "Tags", bench_customer_tags""");
        steps.Add(new LoadStep("VACUUM ANALYZE", customers + assignments, clock.Elapsed.TotalSeconds));

        BenchMeta.Write(connection, new BenchMeta(customers, seed, generator.Anchor, assignments, clientId, clientSecret));
        return new Dataset(target, customers, assignments, tenantId, tagIds, generator.Anchor, clientId, clientSecret, steps, Reused: false);
    }

    private static Dataset Reuse(PostgresDatabase database, BenchMeta meta)
    {
        using var dataSource = database.CreateDataSource();
        using var connection = dataSource.OpenConnection();
        var tenantId = Scalar<long>(connection, $"SELECT \"Id\" FROM \"Tenants\" WHERE \"Slug\" = '{TenantSlug}'");
        var tagIds = new Dictionary<string, long>(StringComparer.Ordinal);
        using (var command = new NpgsqlCommand("""SELECT "Key", "Id" FROM "Tags" WHERE "TenantId" = @tenant""", connection))
        {
            command.Parameters.AddWithValue("tenant", tenantId);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                tagIds[reader.GetString(0)] = reader.GetInt64(1);
            }
        }

        return new Dataset(database.Target, meta.Customers, meta.Assignments, tenantId, tagIds, meta.Anchor, meta.ClientId, meta.ClientSecret, [], Reused: true);
    }

    private static T Scalar<T>(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        return (T)Convert.ChangeType(command.ExecuteScalar()!, typeof(T), CultureInfo.InvariantCulture);
    }

    internal static void Execute(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
