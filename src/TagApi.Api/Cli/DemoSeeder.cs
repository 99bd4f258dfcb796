using System.Text.Json;
using TagApi.Core.Tenancy;

namespace TagApi.Api.Cli;

/// <summary>
/// On the first start against an empty database, creates the <c>demo</c> tenant and a client with
/// every scope, and prints its credentials so a newcomer can call the API at once.
/// </summary>
public static partial class DemoSeeder
{
    public static async Task SeedIfEmptyAsync(IServiceProvider services, string baseUrl, TextWriter output, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var tenants = scope.ServiceProvider.GetRequiredService<TenantService>();
        if (await tenants.AnyAsync(ct))
        {
            return;
        }

        var tenant = await tenants.CreateAsync("demo", "Demo shop", ct);
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenant.Id);
        var created = await scope.ServiceProvider.GetRequiredService<ApiClientService>()
            .CreateAsync("Demo client", Scopes.All, grantable: null, ct);
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("TagApi.Demo");
        LogDemo(logger);
        await output.WriteLineAsync(JsonSerializer.Serialize(new { tenant = tenant.Slug, clientId = created.Client.ClientId, clientSecret = created.ClientSecret }));
        await output.WriteLineAsync("Get a token with:");
        await output.WriteLineAsync(
            $"  curl -s -X POST {baseUrl}/connect/token -d grant_type=client_credentials -d client_id={created.Client.ClientId} -d client_secret={created.ClientSecret}");
        await output.FlushAsync(ct);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Empty database: created the 'demo' tenant and a client with every scope. Its credentials follow; they are shown only this once.")]
    private static partial void LogDemo(ILogger logger);
}
