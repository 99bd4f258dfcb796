using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
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
            case DatabaseProvider.Sqlite:
                services.AddDbContext<TagApiDbContext, SqliteTagApiDbContext>(o => ConfigureSqlite(o, connectionString));
                break;
            case DatabaseProvider.Postgres:
                services.AddDbContext<TagApiDbContext, PostgresTagApiDbContext>(o => ConfigurePostgres(o, connectionString));
                break;
            case DatabaseProvider.SqlServer:
                services.AddDbContext<TagApiDbContext, SqlServerTagApiDbContext>(o => ConfigureSqlServer(o, connectionString));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown database provider.");
        }

        return services;
    }

    internal static void ConfigureSqlite(DbContextOptionsBuilder options, string connectionString) =>
        options.UseSqlite(connectionString);

    internal static void ConfigurePostgres(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString);

    internal static void ConfigureSqlServer(DbContextOptionsBuilder options, string connectionString) =>
        options.UseSqlServer(connectionString);
}
