using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TagApi.Core.Data;
using TagApi.Core.Data.Saving;
using TagApi.Core.Tenancy;

namespace TagApi.Data.Postgres;

/// <summary>
/// A second context pool for <see cref="HotReadContext"/>, over the same database with Npgsql
/// multiplexing: a statement goes out on whichever pooled connection can take it, so under load the
/// statements of many requests leave in one write and their results come back in one read, instead
/// of one round trip (two system calls each side) per request. Multiplexing suits only short
/// statements outside transactions: one slow reader delays the statements queued behind it on its
/// connection, and a transaction or COPY pins a connection. So only the hot single-customer reads
/// use it; everything else — writes, transactions, COPY, streaming index loads — keeps the ordinary pool.
/// </summary>
public sealed class MultiplexedReads
{
    private readonly PooledDbContextFactory<PostgresTagApiDbContext> _pool;

    public MultiplexedReads(IServiceProvider services, string connectionString)
    {
        // The same configuration as the main pool (interceptors included), then the multiplexed connection string.
        var options = new DbContextOptionsBuilder<PostgresTagApiDbContext>();
        foreach (var configuration in services.GetServices<IDbContextOptionsConfiguration<PostgresTagApiDbContext>>())
        {
            configuration.Configure(services, options);
        }

        options.UseNpgsql(ConnectionString(connectionString));
        _pool = new PooledDbContextFactory<PostgresTagApiDbContext>(options.Options);
    }

    // Few connections, each carrying many requests' statements at once: on a machine with few cores a
    // small pool beats the default one under many concurrent readers (benchmark W6; figures in
    // bench/README.md), since every extra connection is one more PostgreSQL process competing for the
    // same cores. A smaller configured pool size is kept.
    private const int MaxConnections = 8;

    /// <summary>The main connection string with multiplexing on, at most <see cref="MaxConnections"/> connections, auto-preparation as the main pool has it.</summary>
    public static string ConnectionString(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(DatabaseServices.WithPoolDefaults(connectionString)) { Multiplexing = true };
        builder.MaxPoolSize = Math.Min(builder.MaxPoolSize, MaxConnections);
        builder.MinPoolSize = Math.Min(builder.MinPoolSize, builder.MaxPoolSize);
        return builder.ConnectionString;
    }

    public HotReadContext Rent(IServiceProvider requestServices)
    {
        var db = _pool.CreateDbContext();
        db.BindTo(requestServices.GetRequiredService<TenantContext>(), requestServices.GetService<SavePipeline>());
        return new HotReadContext(db, ownsContext: true);
    }
}
