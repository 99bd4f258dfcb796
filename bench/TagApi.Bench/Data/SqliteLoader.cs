using System.Diagnostics;
using Microsoft.Data.Sqlite;
using TagApi.Bench.Infrastructure;

namespace TagApi.Bench.Data;

/// <summary>
/// The same customers and tags in a SQLite file whose schema TagApi's own migrations created:
/// batched prepared inserts inside one transaction, as SQLite prefers.
/// </summary>
public sealed class SqliteLoader(CustomerGenerator generator, TagApiCli cli)
{
    public Dataset Load(string path, int customers)
    {
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }

        var target = new DatabaseTarget("Sqlite", $"Data Source={path}");
        Log.Info($"creating SQLite database {path} with TagApi's migrations and CLI");
        cli.Migrate(target);
        cli.CreateTenant(target, PostgresLoader.TenantSlug);
        var (clientId, clientSecret) = cli.CreateClient(target, PostgresLoader.TenantSlug, PostgresLoader.ClientScopes);

        using var connection = new SqliteConnection($"Data Source={path};Pooling=false");
        connection.Open();
        Execute(connection, "PRAGMA synchronous = OFF");
        long tenantId;
        using (var read = connection.CreateCommand())
        {
            read.CommandText = $"SELECT \"Id\" FROM \"Tenants\" WHERE \"Slug\" = '{PostgresLoader.TenantSlug}'";
            tenantId = (long)read.ExecuteScalar()!;
        }

        var tagIds = TagWriter.Insert(connection, tenantId, generator.Anchor);
        var tagIdByIndex = TagCatalog.All.Select(t => tagIds[t.Key]).ToArray();
        var steps = new List<LoadStep>();
        var clock = Stopwatch.StartNew();
        long assignments;
        using (var transaction = connection.BeginTransaction())
        {
            using var customersInsert = new CustomerInsert(connection, transaction, tenantId);
            using var assignmentsInsert = new AssignmentInsert(connection, transaction, tenantId, clientId);
            var c = new CustomerRecord();
            Span<byte> tags = stackalloc byte[TagCatalog.All.Count];
            assignments = 0;
            for (var i = 0; i < customers; i++)
            {
                generator.Fill(i, c);
                customersInsert.Run(c);
                var count = generator.Tags(i, tags);
                foreach (var t in tags[..count])
                {
                    assignmentsInsert.Run(c.Id, tagIdByIndex[t], (i * 31 + t) % 100 < 15 ? "Import" : "Manual", generator.AssignedAt(i, t, c.CreatedAt));
                }

                assignments += count;
            }

            transaction.Commit();
        }

        steps.Add(new LoadStep("SQLite: customers + assignments, prepared inserts in one transaction", customers + assignments, clock.Elapsed.TotalSeconds));
        clock.Restart();
        Execute(connection, "ANALYZE");
        Execute(connection, "PRAGMA wal_checkpoint(TRUNCATE)");
        steps.Add(new LoadStep("SQLite: ANALYZE + checkpoint", customers + assignments, clock.Elapsed.TotalSeconds));
        Log.Info($"SQLite loaded: {customers:N0} customers, {assignments:N0} assignments");
        return new Dataset(target, customers, assignments, tenantId, tagIds, generator.Anchor, clientId, clientSecret, steps, Reused: false);
    }

    public static string Version()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        return connection.ServerVersion;
    }

    internal static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
