using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using TagApi.Core.Data;
using TagApi.Core.Data.Coherence;
using TagApi.Core.Data.Saving;
using TagApi.Core.Tenancy;
using TagApi.Data.Postgres;
using TagApi.Data.Sqlite;
using TagApi.Data.Sqlite.Writing;
using TagApi.Data.SqlServer;

namespace TagApi.Data;

/// <summary>Registers the DbContext subclass of the configured provider as <see cref="TagApiDbContext"/>.</summary>
public static class DatabaseServices
{
    /// <param name="services">The host's services.</param>
    /// <param name="provider">The configured provider.</param>
    /// <param name="connectionString">Its connection string.</param>
    /// <param name="multiplexedReads">On PostgreSQL, whether the hot reads of <see cref="HotReadContext"/> take a multiplexed pool of their own.</param>
    public static IServiceCollection AddTagApiDbContext(this IServiceCollection services, DatabaseProvider provider, string connectionString, bool multiplexedReads = true)
    {
        switch (provider)
        {
            case DatabaseProvider.Sqlite:
                return AddPooled<SqliteTagApiDbContext>(services, o => ConfigureSqlite(o, connectionString));
            case DatabaseProvider.Postgres:
                AddPooled<PostgresTagApiDbContext>(services, o => ConfigurePostgres(o, connectionString));
                services.AddSingleton<ICommitChannel>(new PostgresCommitChannel(WithPoolDefaults(connectionString)));
                if (multiplexedReads)
                {
                    services.AddSingleton(sp => new MultiplexedReads(sp, connectionString));
                    services.Replace(ServiceDescriptor.Scoped(sp => sp.GetRequiredService<MultiplexedReads>().Rent(sp)));
                }

                return services;
            case DatabaseProvider.SqlServer:
                return AddPooled<SqlServerTagApiDbContext>(services, o => ConfigureSqlServer(o, connectionString));
            default:
                throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown database provider.");
        }
    }

    /// <summary>
    /// One context per scope, as before, but rented from a pool: a new context costs EF an internal
    /// service scope and a few dozen objects on every request, a rented one only a reset. The pool
    /// knows nothing of tenants, so the scope's <see cref="TenantContext"/> (and the scope's
    /// <see cref="SavePipeline"/>) is bound on every rent and cleared when the scope disposes the
    /// context (its return to the pool).
    /// </summary>
    private static IServiceCollection AddPooled<TContext>(IServiceCollection services, Action<DbContextOptionsBuilder> configure)
        where TContext : TagApiDbContext
    {
        services.AddPooledDbContextFactory<TContext>(configure);
        services.AddScoped<TagApiDbContext>(sp =>
        {
            var db = sp.GetRequiredService<IDbContextFactory<TContext>>().CreateDbContext();
            db.BindTo(sp.GetRequiredService<TenantContext>(), sp.GetService<SavePipeline>());
            return db;
        });
        // Unless a provider gives the hot reads a pool of their own, they run on the request's context.
        services.AddScoped(sp => new HotReadContext(sp.GetRequiredService<TagApiDbContext>(), ownsContext: false));
        return services;
    }

    // Every provider publishes the notifications of saves made under a caller's transaction once it commits. SQLite's
    // writers first queue in the process for the file's one write lock (ahead of the publisher: the turn is given back
    // before a commit's notifications go out).
    internal static void ConfigureSqlite(DbContextOptionsBuilder options, string connectionString) =>
        options.UseSqlite(connectionString).AddInterceptors(WriterTransactions.Instance, WriterStatements.Instance, CommitPublisher.Instance);

    internal static void ConfigurePostgres(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(WithPoolDefaults(connectionString)).AddInterceptors(CommitPublisher.Instance);

    /// <summary>
    /// The pool's settings unless the connection string sets them itself. The hot reads repeat a handful of statements;
    /// prepared once per physical connection they skip PostgreSQL's parse and plan on every later use (an explicit
    /// setting wins, e.g. <c>Max Auto Prepare=0</c> behind a transaction-pooling PgBouncer). A connection handed back to
    /// the pool is not reset: TagApi keeps no session state on pooled connections (settings are transaction-local, the
    /// LISTEN connection is outside the pool), and the reset is one more statement PostgreSQL runs for every rent — a
    /// request rents several.
    /// </summary>
    public static string WithPoolDefaults(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!Names(connectionString, "Auto Prepare", "AutoPrepare"))
        {
            builder.MaxAutoPrepare = 64;
            builder.AutoPrepareMinUsages = 2;
        }

        if (!Names(connectionString, "No Reset On Close", "NoResetOnClose"))
        {
            builder.NoResetOnClose = true;
        }

        return builder.ConnectionString;
    }

    private static bool Names(string connectionString, params string[] keywords) =>
        keywords.Any(k => connectionString.Contains(k, StringComparison.OrdinalIgnoreCase));

    internal static void ConfigureSqlServer(DbContextOptionsBuilder options, string connectionString) =>
        options.UseSqlServer(connectionString).AddInterceptors(CommitPublisher.Instance);
}
