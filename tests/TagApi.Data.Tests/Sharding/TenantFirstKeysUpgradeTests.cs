using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using TagApi.Data.Sqlite;

namespace TagApi.Data.Tests.Sharding;

/// <summary>
/// The tenant-first keys migration on a populated SQLite file: SQLite cannot alter a key in place, so EF rebuilds each
/// table it changes (a new table, the rows copied over, the old one dropped); nothing may be lost on the way.
/// </summary>
public sealed class TenantFirstKeysUpgradeTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"tagapi-keys-{Guid.NewGuid():N}.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        File.Delete(_path);
    }

    [Fact]
    public async Task Upgrading_a_populated_database_keeps_every_row_and_ids_keep_counting()
    {
        await using var db = new SqliteTagApiDbContext(new DbContextOptionsBuilder<SqliteTagApiDbContext>().UseSqlite($"Data Source={_path}").Options);
        var migrations = db.Database.GetMigrations().ToList();
        var keys = migrations.FindIndex(m => m.EndsWith("_TenantFirstKeys", StringComparison.Ordinal));
        Assert.True(keys > 0, "No TenantFirstKeys migration.");
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync(migrations[keys - 1]);

        await db.Database.ExecuteSqlRawAsync(
            """
            INSERT INTO "Tenants" ("Id", "Slug", "Name", "CreatedAt") VALUES (1, 'a', 'A', '2026-01-01 00:00:00'), (2, 'b', 'B', '2026-01-01 00:00:00');
            INSERT INTO "TagCategories" ("Id", "TenantId", "Key", "Name", "Exclusive", "SortOrder", "Revision", "CreatedAt", "UpdatedAt")
                VALUES (1, 1, 'source', 'Source', 0, 0, 1, '2026-01-01 00:00:00', '2026-01-01 00:00:00'),
                       (2, 2, 'source', 'Source', 0, 0, 1, '2026-01-01 00:00:00', '2026-01-01 00:00:00');
            INSERT INTO "Tags" ("Id", "TenantId", "CategoryId", "Key", "Name", "RuleOwned", "Revision", "CreatedAt", "UpdatedAt")
                VALUES (1, 1, 1, 'vip', 'VIP', 0, 1, '2026-01-01 00:00:00', '2026-01-01 00:00:00'),
                       (2, 2, 2, 'vip', 'VIP', 0, 1, '2026-01-01 00:00:00', '2026-01-01 00:00:00');
            INSERT INTO "Customers" ("Id", "TenantId", "ExternalId", "Type", "Attributes", "TotalSpent", "OrderCount", "Version", "CreatedAt", "UpdatedAt")
                VALUES (1, 1, 'c-1', 'Person', '{{}}', 10.5, 1, 1, '2026-01-01 00:00:00', '2026-01-01 00:00:00'),
                       (2, 2, 'c-1', 'Person', '{{}}', 0, 0, 1, '2026-01-01 00:00:00', '2026-01-01 00:00:00');
            INSERT INTO "TagAssignments" ("TenantId", "CustomerId", "TagId", "Source", "AssignedAt")
                VALUES (1, 1, 1, 'Manual', '2026-01-01 00:00:00'), (2, 2, 2, 'Manual', '2026-01-01 00:00:00');
            """);

        await migrator.MigrateAsync();

        Assert.Equal(2, await CountAsync(db, "SELECT COUNT(*) AS \"Value\" FROM \"Customers\""));
        Assert.Equal(2, await CountAsync(db, "SELECT COUNT(*) AS \"Value\" FROM \"Tags\""));
        Assert.Equal(2, await CountAsync(db, "SELECT COUNT(*) AS \"Value\" FROM \"TagAssignments\""));
        Assert.Equal([1L, 2L], await db.Database.SqlQueryRaw<long>("""SELECT "TenantId" AS "Value" FROM "TagAssignments" ORDER BY 1""").ToListAsync());
        Assert.Equal(10.5, (await db.Database.SqlQueryRaw<double>("""SELECT "TotalSpent" AS "Value" FROM "Customers" WHERE "Id" = 1""").ToListAsync()).Single());
        // Still the rowid's AUTOINCREMENT: a new customer's id follows the highest ever drawn.
        await db.Database.ExecuteSqlRawAsync(
            """
            INSERT INTO "Customers" ("TenantId", "ExternalId", "Type", "Attributes", "TotalSpent", "OrderCount", "Version", "CreatedAt", "UpdatedAt")
            VALUES (1, 'c-2', 'Person', '{{}}', 0, 0, 1, '2026-01-01 00:00:00', '2026-01-01 00:00:00')
            """);
        Assert.Equal(3, (await db.Database.SqlQueryRaw<long>("""SELECT "Id" AS "Value" FROM "Customers" WHERE "ExternalId" = 'c-2'""").ToListAsync()).Single());
    }

    private static async Task<long> CountAsync(SqliteTagApiDbContext db, string sql) =>
        (await db.Database.SqlQueryRaw<long>(sql).ToListAsync()).Single();
}
