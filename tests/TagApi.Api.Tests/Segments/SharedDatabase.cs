using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using TagApi.Api.Tests.Infrastructure;

namespace TagApi.Api.Tests.Segments;

/// <summary>One TagApi host of several sharing one database, with its own settings and services.</summary>
public sealed class SharedDatabaseFactory(
    string provider, string connectionString, IEnumerable<KeyValuePair<string, string?>> settings, Action<IServiceCollection>? services) : TagApiFactory
{
    public override string ProviderName => provider;

    protected override string ConnectionString => connectionString;

    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings => settings;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        if (services is not null)
        {
            builder.ConfigureTestServices(services);
        }
    }
}

/// <summary>
/// A database of its own (a PostgreSQL database, or a SQLite file) that several in-process hosts share, as several
/// instances behind a load balancer would. Start the hosts with <see cref="StartAsync"/>; <see cref="RemoveAsync"/> stops
/// them all and removes the database.
/// </summary>
public sealed class SharedDatabase(string provider)
{
    private readonly PostgresTestDatabase? _postgres = provider == "Postgres" ? new PostgresTestDatabase() : null;
    private readonly string _sqlitePath = Path.Combine(Path.GetTempPath(), $"tagapi-shared-{Guid.NewGuid():N}.db");
    private readonly List<SharedDatabaseFactory> _hosts = [];
    private bool _created;

    private string ConnectionString => _postgres?.ConnectionString ?? $"Data Source={_sqlitePath}";

    /// <summary>Starts one more host on the database (the first one migrates it).</summary>
    public async Task<SharedDatabaseFactory> StartAsync(IEnumerable<KeyValuePair<string, string?>>? settings = null, Action<IServiceCollection>? services = null)
    {
        if (!_created && _postgres is not null)
        {
            await _postgres.CreateAsync();
        }

        _created = true;
        var host = new SharedDatabaseFactory(provider, ConnectionString, settings ?? [], services);
        _hosts.Add(host);
        _ = host.Services;
        return host;
    }

    /// <summary>Stops every host (those already stopped stay so) and removes the database.</summary>
    public async Task RemoveAsync()
    {
        foreach (var host in _hosts)
        {
            await host.DisposeAsync();
        }

        if (_postgres is not null)
        {
            await _postgres.DropAsync();
            return;
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _sqlitePath, _sqlitePath + "-wal", _sqlitePath + "-shm" })
        {
            File.Delete(file);
        }
    }
}
