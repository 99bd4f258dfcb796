using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.EntityFrameworkCore;
using TagApi.Data.Postgres;
using TagApi.Data.Sqlite;
using TagApi.Core.Tenancy;

namespace TagApi.Api.Tests.Infrastructure;

/// <summary>
/// The whole TagApi host in process, on a database of its own, with intent methods that go
/// through the real token endpoint. Subclasses choose the database provider.
/// </summary>
public abstract class TagApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    private int _tenantCounter;
    // Each host keeps its index snapshots apart (a host of the same database started later reads them only when a test says so).
    private readonly string _snapshotDirectory = Path.Combine(Path.GetTempPath(), $"tagapi-test-snapshots-{Guid.NewGuid():N}");

    public TestClock Clock { get; } = new();

    /// <summary>Database round trips per API client.</summary>
    public CommandCounter Commands { get; } = new();

    public abstract string ProviderName { get; }

    protected abstract string ConnectionString { get; }

    /// <summary>Settings a subclass adds or overrides (rate limits, for one).</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> ExtraSettings => [];

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public new virtual async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await RemoveSnapshotsAsync();
    }

    // The host is stopped and its snapshot writer with it; a second try covers a file system slow to let go of a file.
    private async Task RemoveSnapshotsAsync()
    {
        for (var attempt = 1; Directory.Exists(_snapshotDirectory); attempt++)
        {
            try
            {
                Directory.Delete(_snapshotDirectory, recursive: true);
            }
            catch (IOException) when (attempt < 3)
            {
                await Task.Delay(200);
            }
        }
    }

    /// <summary>A new tenant with one client holding the given scopes (all when none are given), and a client authenticated as it.</summary>
    public async Task<TenantSession> CreateTenantAsync(params string[] scopes)
    {
        var slug = $"t{Interlocked.Increment(ref _tenantCounter)}-{Guid.NewGuid():N}"[..30];
        await using var scope = Services.CreateAsyncScope();
        var tenant = await scope.ServiceProvider.GetRequiredService<TenantService>().CreateAsync(slug, null, CancellationToken.None);
        var session = new TenantSession(this, tenant.Id, slug);
        return await session.WithClientAsync(scopes.Length == 0 ? [.. Scopes.All] : scopes);
    }

    /// <summary>Runs code against the application's services inside a tenant, as a background job would.</summary>
    public async Task<T> InTenantAsync<T>(long tenantId, Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenantId, "test");
        return await work(scope.ServiceProvider);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = ProviderName,
            ["ConnectionStrings:TagApi"] = ConnectionString,
            ["Auth:SigningKey"] = TestServerKey.Pem,
            ["Demo:SeedOnFirstStart"] = "false",
            ["RateLimiting:PermitsPerSecond"] = "100000",
            ["RateLimiting:Burst"] = "100000",
            // Every test request comes from one loopback address; the token endpoint's address bucket is tested on its
            // own (AddressedSqliteFactory puts the default back), not by the suites that happen to ask for many tokens.
            ["RateLimiting:Token:Address:Burst"] = "100000",
            ["RateLimiting:Token:Address:PerMinute"] = "100000",
            ["TagExpiry:SweepSeconds"] = "3600",
            ["Webhooks:AllowPrivateDestinations"] = "true",
            ["Webhooks:TimeoutSeconds"] = "5",
            ["Rules:SchedulerSeconds"] = "0.3",
            ["Rules:IncrementalDelayMilliseconds"] = "20",
            ["Segments:MembershipSchedulerSeconds"] = "0.3",
            ["Segments:MembershipDelayMilliseconds"] = "20",
            ["BulkJobs:PollMilliseconds"] = "100",
            // A test reads customer value right after writing purchases: recompute the tenant's edges and fit at once.
            ["CustomerValue:RecomputeAfterChangeSeconds"] = "0",
            ["Segments:SnapshotDirectory"] = _snapshotDirectory,
        };
        foreach (var (key, value) in ExtraSettings)
        {
            settings[key] = value;
        }

        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock));
            services.ConfigureDbContext<SqliteTagApiDbContext>(o => o.AddInterceptors(Commands), ServiceLifetime.Singleton);
            services.ConfigureDbContext<PostgresTagApiDbContext>(o => o.AddInterceptors(Commands), ServiceLifetime.Singleton);
        });
    }
}
