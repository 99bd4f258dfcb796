using System.Text.Json;
using TagApi.Core.Tenancy;

namespace TagApi.Api.Cli;

/// <summary>The demo tenant's client, created on an empty database.</summary>
public sealed record DemoCredentials(string Tenant, string ClientId, string ClientSecret);

/// <summary>
/// On the first start against an empty database, creates the <c>demo</c> tenant and a client with
/// every scope, and prints its credentials so a newcomer can call the API at once. Only where
/// <see cref="DemoOptions"/> allows it: in Development, or when asked for explicitly.
/// </summary>
public static partial class DemoSeeder
{
    /// <summary>Creates the demo tenant and client when the database has no tenant; null when it had one.</summary>
    public static async Task<DemoCredentials?> SeedIfEmptyAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var tenants = scope.ServiceProvider.GetRequiredService<TenantService>();
        if (await tenants.AnyAsync(ct))
        {
            return null;
        }

        var tenant = await tenants.CreateAsync("demo", "Demo shop", ct);
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenant.Id);
        var created = await scope.ServiceProvider.GetRequiredService<ApiClientService>()
            .CreateAsync("Demo client", Scopes.All, grantable: null, ct);
        LogDemo(scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("TagApi.Demo"));
        return new DemoCredentials(tenant.Slug, created.Client.ClientId, created.ClientSecret);
    }

    /// <summary>Prints the credentials once, as one JSON line, and a ready-to-paste token request.</summary>
    public static async Task PrintAsync(DemoCredentials demo, string baseUrl, TextWriter output, CancellationToken ct)
    {
        await output.WriteLineAsync(JsonSerializer.Serialize(new { tenant = demo.Tenant, clientId = demo.ClientId, clientSecret = demo.ClientSecret }));
        await output.WriteLineAsync("Get a token with:");
        await output.WriteLineAsync(
            $"  curl -s -X POST {baseUrl}/connect/token -d grant_type=client_credentials -d client_id={demo.ClientId} -d client_secret={demo.ClientSecret}");
        await output.FlushAsync(ct);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Empty database: created the 'demo' tenant and a client with every scope. Its credentials follow; they are shown only this once.")]
    private static partial void LogDemo(ILogger logger);
}
