using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Metadata;
using TagApi.Core.Data;
using TagApi.Core.Tenancy;
using TagApi.Data.Postgres;
using TagApi.Data.Sqlite;
using TagApi.Data.SqlServer;

namespace TagApi.Data.Tests.Sharding;

/// <summary>
/// The schema distributes by tenant (Citus or any tenant-sharded PostgreSQL): every table that has a <c>TenantId</c>
/// has a primary key and unique keys that begin with it, and its foreign keys to other tenant tables carry it.
/// </summary>
public sealed class TenantFirstKeysTests
{
    // Tables that are not distributed by tenant, each with its reason. Anything else with a TenantId column must comply.
    private static readonly Dictionary<string, string> NotDistributed = new()
    {
        ["Tenants"] = "the tenants themselves: a reference table (replicated to every node), keyed by their own id",
        ["ApiClients"] = "a reference table: the token endpoint finds a client by its id before any tenant is known, "
            + "so ClientId is unique across all tenants, which a table distributed by tenant cannot enforce",
        ["OpenIddictApplications"] = "OpenIddict's own tables: global, no tenant column (reference tables)",
        ["OpenIddictAuthorizations"] = "OpenIddict's own tables: global, no tenant column (reference tables)",
        ["OpenIddictScopes"] = "OpenIddict's own tables: global, no tenant column (reference tables)",
        ["OpenIddictTokens"] = "OpenIddict's own tables: global, no tenant column (reference tables)",
    };

    public static TheoryData<string> Providers => new() { "Postgres", "SqlServer" };

    [Theory]
    [MemberData(nameof(Providers))]
    public void Every_tenant_table_has_a_primary_key_that_begins_with_the_tenant(string provider)
    {
        using var db = Create(provider);
        var offending = TenantTables(db)
            .Where(e => e.FindPrimaryKey() is not { } key || !BeginsWithTenant(key.Properties))
            .Select(e => $"{e.GetTableName()} ({string.Join(", ", e.FindPrimaryKey()?.Properties.Select(p => p.Name) ?? [])})")
            .ToList();
        Assert.Empty(offending);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void Every_unique_index_and_key_of_a_tenant_table_begins_with_the_tenant(string provider)
    {
        using var db = Create(provider);
        Assert.Empty(UniqueColumnsNotTenantFirst(db));
    }

    [Fact]
    public void On_sqlite_the_keys_stay_rowid_ids_but_every_unique_index_still_begins_with_the_tenant()
    {
        // SQLite generates only a single INTEGER PRIMARY KEY, so a generated id stays the primary key there (see
        // SqliteTagApiDbContext); a SQLite file is never distributed.
        using var db = Create("Sqlite");
        foreach (var entity in TenantTables(db))
        {
            var key = entity.FindPrimaryKey()!;
            Assert.True(BeginsWithTenant(key.Properties) || key.Properties is [{ Name: "Id", ValueGenerated: ValueGenerated.OnAdd }],
                $"{entity.GetTableName()}: its primary key is neither tenant-first nor a generated id.");
        }

        Assert.Empty(UniqueColumnsNotTenantFirst(db));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void Foreign_keys_between_tenant_tables_carry_the_tenant(string provider)
    {
        using var db = Create(provider);
        var tenantTables = TenantTables(db).ToHashSet();
        var offending = tenantTables.SelectMany(e => e.GetForeignKeys())
            .Where(fk => tenantTables.Contains(fk.PrincipalEntityType) && !fk.IsOwnership && !BeginsWithTenant(fk.Properties))
            .Select(fk => $"{fk.DeclaringEntityType.GetTableName()} → {fk.PrincipalEntityType.GetTableName()}")
            .ToList();
        Assert.Empty(offending);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void Every_table_is_either_distributed_by_tenant_or_listed_with_its_reason(string provider)
    {
        using var db = Create(provider);
        var tables = db.Model.GetEntityTypes().Where(e => !e.IsOwned()).Select(e => e.GetTableName()!).ToHashSet();
        var distributed = TenantTables(db).Select(e => e.GetTableName()!).ToHashSet();
        Assert.Empty(tables.Except(distributed).Except(NotDistributed.Keys));
        Assert.Empty(NotDistributed.Keys.Intersect(distributed));
    }

    private static List<string> UniqueColumnsNotTenantFirst(TagApiDbContext db) =>
        TenantTables(db).SelectMany(e =>
                e.GetIndexes().Where(i => i.IsUnique).Select(i => (Entity: e, i.Properties))
                    .Concat(e.GetKeys().Select(k => (Entity: e, k.Properties))))
            .Where(u => !BeginsWithTenant(u.Properties) && !(u.Entity.FindPrimaryKey()!.Properties.SequenceEqual(u.Properties) && db is SqliteTagApiDbContext))
            .Select(u => $"{u.Entity.GetTableName()} ({string.Join(", ", u.Properties.Select(p => p.Name))})")
            .ToList();

    private static IEnumerable<IEntityType> TenantTables(TagApiDbContext db) =>
        db.Model.GetEntityTypes().Where(e => !e.IsOwned() && e.FindProperty(nameof(ITenantOwned.TenantId)) is not null
            && !NotDistributed.ContainsKey(e.GetTableName()!));

    private static bool BeginsWithTenant(IReadOnlyList<IProperty> properties) =>
        properties.Count > 0 && properties[0].Name == nameof(ITenantOwned.TenantId);

    private static TagApiDbContext Create(string provider) => provider switch
    {
        "Sqlite" => Factory<SqliteTagApiDbContext>("SqliteDesignTimeFactory"),
        "Postgres" => Factory<PostgresTagApiDbContext>("PostgresDesignTimeFactory"),
        _ => Factory<SqlServerTagApiDbContext>("SqlServerDesignTimeFactory"),
    };

    private static T Factory<T>(string name)
        where T : TagApiDbContext
    {
        var type = typeof(DatabaseServices).Assembly.GetType($"TagApi.Data.{name}", throwOnError: true)!;
        var factory = (IDesignTimeDbContextFactory<T>)Activator.CreateInstance(type)!;
        return factory.CreateDbContext([]);
    }
}
