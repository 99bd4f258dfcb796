using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using TagApi.Client;
using TagApi.Core.Tenancy;

namespace TagApi.Client.Tests.Infrastructure;

/// <summary>
/// The real TagApi server on a real Kestrel listener (loopback, a free port) with a SQLite file of its own.
/// The SDK talks to it over real HTTP with real tokens; tenants and clients are made through the server's own services.
/// </summary>
public class LiveServer : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly string _database = Path.Combine(Path.GetTempPath(), $"tagapi-sdk-{Guid.NewGuid():N}.db");

    public LiveServer() => UseKestrel(0);

    /// <summary>The listener's address.</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>Settings a variant adds (a tight rate limit, for one).</summary>
    protected virtual IEnumerable<KeyValuePair<string, string>> ExtraSettings => [];

    public Task InitializeAsync()
    {
        StartServer();
        using var client = CreateClient();
        Address = client.BaseAddress!;
        return Task.CompletedTask;
    }

    /// <summary>A new tenant and an API client of it holding <paramref name="scopes"/> (all when none), as SDK options.</summary>
    public async Task<TagApiClientOptions> CreateTenantAsync(params string[] scopes)
    {
        await using var scope = Services.CreateAsyncScope();
        var slug = $"sdk-{Guid.NewGuid():N}"[..24];
        var tenant = await scope.ServiceProvider.GetRequiredService<TenantService>().CreateAsync(slug, null, CancellationToken.None);
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenant.Id);
        var created = await scope.ServiceProvider.GetRequiredService<ApiClientService>()
            .CreateAsync("sdk tests", scopes.Length == 0 ? [.. Scopes.All] : scopes, null, CancellationToken.None);
        return new TagApiClientOptions
        {
            BaseAddress = Address,
            ClientId = created.Client.ClientId,
            ClientSecret = created.ClientSecret,
            InitialBackoff = TimeSpan.FromMilliseconds(50),
        };
    }

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _database, _database + "-wal", _database + "-shm" })
        {
            File.Delete(file);
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        var settings = new Dictionary<string, string>
        {
            ["Database:Provider"] = "Sqlite",
            ["ConnectionStrings:TagApi"] = $"Data Source={_database}",
            ["Auth:SigningKey"] = SigningKey.Value,
            ["Demo:SeedOnFirstStart"] = "false",
            ["RateLimiting:PermitsPerSecond"] = "100000",
            ["RateLimiting:Burst"] = "100000",
            ["Webhooks:AllowPrivateDestinations"] = "true",
            ["Webhooks:TimeoutSeconds"] = "5",
            ["Rules:SchedulerSeconds"] = "0.3",
            ["Rules:IncrementalDelayMilliseconds"] = "20",
            ["Segments:MembershipSchedulerSeconds"] = "0.3",
            ["Segments:MembershipDelayMilliseconds"] = "20",
        };
        foreach (var (key, value) in ExtraSettings)
        {
            settings[key] = value;
        }

        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }

    private static class SigningKey
    {
        public static readonly string Value = Create();

        private static string Create()
        {
            using var rsa = RSA.Create(2048);
            return rsa.ExportPkcs8PrivateKeyPem();
        }
    }
}

/// <summary>The shared server of the tests that need no special settings.</summary>
[CollectionDefinition(Name)]
public sealed class LiveServerCollection : ICollectionFixture<LiveServer>
{
    public const string Name = "live server";
}
