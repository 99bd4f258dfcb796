using Microsoft.Data.Sqlite;
using TagApi.Data;

namespace TagApi.Api.Database;

/// <summary>Reads <c>Database:Provider</c> and <c>ConnectionStrings:TagApi</c> and registers the matching DbContext.</summary>
public static class DatabaseSetup
{
    public const string DefaultSqlite = "Data Source=data/tagapi.db";

    public static IServiceCollection AddTagApiDatabase(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        var provider = ProviderFrom(configuration);
        var connectionString = configuration.GetConnectionString("TagApi");
        if (provider == DatabaseProvider.Sqlite)
        {
            connectionString = ResolveSqlitePath(connectionString ?? DefaultSqlite, contentRoot);
        }
        else if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException($"Database:Provider is {provider}; set ConnectionStrings:TagApi to its connection string.");
        }

        services.AddSingleton(new DatabaseInfo(provider));
        // On PostgreSQL the hot customer reads share round trips over a multiplexed pool; false keeps them on the main pool.
        return services.AddTagApiDbContext(provider, connectionString, configuration.GetValue("Database:MultiplexedReads", true));
    }

    public static DatabaseProvider ProviderFrom(IConfiguration configuration)
    {
        var name = configuration["Database:Provider"] ?? nameof(DatabaseProvider.Sqlite);
        return name.ToLowerInvariant() switch
        {
            "sqlite" => DatabaseProvider.Sqlite,
            "postgres" or "postgresql" or "npgsql" => DatabaseProvider.Postgres,
            "sqlserver" or "mssql" => DatabaseProvider.SqlServer,
            _ => throw new InvalidOperationException($"Unknown Database:Provider '{name}'; use Sqlite, Postgres or SqlServer."),
        };
    }

    // A relative SQLite file lives under the content root, and its folder is created on first use.
    private static string ResolveSqlitePath(string connectionString, string contentRoot)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.DataSource != ":memory:" && builder.Mode != SqliteOpenMode.Memory)
        {
            builder.DataSource = Path.GetFullPath(builder.DataSource, contentRoot);
            Directory.CreateDirectory(Path.GetDirectoryName(builder.DataSource)!);
        }

        return builder.ToString();
    }
}

/// <summary>Which provider this instance runs on.</summary>
public sealed record DatabaseInfo(DatabaseProvider Provider);
