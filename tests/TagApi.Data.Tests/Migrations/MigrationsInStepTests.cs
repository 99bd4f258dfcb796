using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using TagApi.Core.Data;
using TagApi.Data.Postgres;
using TagApi.Data.Sqlite;
using TagApi.Data.SqlServer;

namespace TagApi.Data.Tests.Migrations;

/// <summary>Every provider's migrations capture the whole model: a model change without a migration fails here.</summary>
public sealed class MigrationsInStepTests
{
    public static TheoryData<string> Providers => new() { "Sqlite", "Postgres", "SqlServer" };

    [Theory]
    [MemberData(nameof(Providers))]
    public void The_model_has_no_changes_without_a_migration(string provider)
    {
        using var db = Create(provider);
        Assert.True(db.Database.GetMigrations().Any(), $"{provider} has no migrations.");
        Assert.False(db.Database.HasPendingModelChanges(),
            $"The {provider} model has changes no migration captures; run scripts/add-migration.sh <Name>.");
    }

    private static TagApiDbContext Create(string provider) => provider switch
    {
        "Sqlite" => Factory<SqliteTagApiDbContext>("SqliteDesignTimeFactory"),
        "Postgres" => Factory<PostgresTagApiDbContext>("PostgresDesignTimeFactory"),
        _ => Factory<SqlServerTagApiDbContext>("SqlServerDesignTimeFactory"),
    };

    // The design-time factories are what `dotnet ef` uses, so the check sees the same model the tool does.
    private static T Factory<T>(string name)
        where T : TagApiDbContext
    {
        var type = typeof(DatabaseServices).Assembly.GetType($"TagApi.Data.{name}", throwOnError: true)!;
        var factory = (IDesignTimeDbContextFactory<T>)Activator.CreateInstance(type)!;
        return factory.CreateDbContext([]);
    }
}
