using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TagApi.Core.Data;
using TagApi.Data.Postgres;
using TagApi.Data.Sqlite;
using TagApi.Data.SqlServer;

namespace TagApi.Data;

/// <summary>Registers the DbContext subclass of the configured provider as <see cref="TagApiDbContext"/>.</summary>
public static class DatabaseServices
{
    public static IServiceCollection AddTagApiDbContext(this IServiceCollection services, DatabaseProvider provider, string connectionString)
    {
        switch (provider)
        {
            // The options never vary by request, so they are built once (singleton) rather than per
            // scope: that saves rebuilding them and EF's service-provider lookup on every request.
            case DatabaseProvider.Sqlite:
                services.AddDbContext<TagApiDbContext, SqliteTagApiDbContext>(o => ConfigureSqlite(o, connectionString), optionsLifetime: ServiceLifetime.Singleton);
                break;
            case DatabaseProvider.Postgres:
                services.AddDbContext<TagApiDbContext, PostgresTagApiDbContext>(o => ConfigurePostgres(o, connectionString), optionsLifetime: ServiceLifetime.Singleton);
                break;
            case DatabaseProvider.SqlServer:
                services.AddDbContext<TagApiDbContext, SqlServerTagApiDbContext>(o => ConfigureSqlServer(o, connectionString), optionsLifetime: ServiceLifetime.Singleton);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown database provider.");
        }

        return services;
    }

    internal static void ConfigureSqlite(DbContextOptionsBuilder options, string connectionString) =>
        options.UseSqlite(connectionString);

    internal static void ConfigurePostgres(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(WithAutoPrepare(connectionString));

    /// <summary>
    /// The hot reads repeat a handful of statements; prepared once per physical connection they
    /// skip PostgreSQL's parse and plan on every later use. An explicit setting wins (e.g.
    /// <c>Max Auto Prepare=0</c> behind a transaction-pooling PgBouncer).
    /// </summary>
    public static string WithAutoPrepare(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (connectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase) || connectionString.Contains("AutoPrepare", StringComparison.OrdinalIgnoreCase))
        {
            return connectionString;
        }

        builder.MaxAutoPrepare = 64;
        builder.AutoPrepareMinUsages = 2;
        return builder.ConnectionString;
    }

    internal static void ConfigureSqlServer(DbContextOptionsBuilder options, string connectionString) =>
        options.UseSqlServer(connectionString);
}
