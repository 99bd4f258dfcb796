using Microsoft.Data.Sqlite;
using TagApi.Api.Configuration;
using TagApi.Data;

namespace TagApi.Api.Database;

/// <summary>Registers the DbContext of the provider <see cref="DatabaseOptions"/> names, on <c>ConnectionStrings:TagApi</c>.</summary>
public static class DatabaseSetup
{
    public const string DefaultSqlite = "Data Source=data/tagapi.db";

    public static IServiceCollection AddTagApiDatabase(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        // The provider decides which DbContext type is registered, so it is read now rather than at start.
        var database = configuration.ReadSettings<DatabaseOptions>();
        var provider = database.ProviderKind();
        var connectionString = configuration.ReadSettings<ConnectionStringsOptions>().TagApi;
        if (provider == DatabaseProvider.Sqlite)
        {
            connectionString = ResolveSqlitePath(string.IsNullOrWhiteSpace(connectionString) ? DefaultSqlite : connectionString, contentRoot);
        }
        else if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException($"Database:Provider is {provider}; set ConnectionStrings:TagApi to its connection string.");
        }

        services.AddSingleton(new DatabaseInfo(provider));
        return services.AddTagApiDbContext(provider, connectionString, database.MultiplexedReads);
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
