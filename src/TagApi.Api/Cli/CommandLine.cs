using System.Text.Json;
using TagApi.Api.Database;
using TagApi.Core.Common;
using TagApi.Core.Tenancy;

namespace TagApi.Api.Cli;

/// <summary>
/// Operator commands of the server binary: <c>migrate</c>, <c>admin create-tenant</c> and
/// <c>admin create-client</c>. Each prints one JSON line on success and exits.
/// </summary>
public static class CommandLine
{
    private const string Usage = """
        usage:
          migrate
          admin create-tenant <slug> [--name <name>]
          admin create-client <tenant-slug> --scopes "<space separated>" [--name <name>]
        """;

    public static bool IsCommand(string[] args) => args.Length > 0 && args[0] is "migrate" or "admin";

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error, CancellationToken ct)
    {
        try
        {
            await DatabaseStartup.MigrateAsync(services, ct);
            switch (args)
            {
                case ["migrate"]:
                    await WriteAsync(output, new { migrated = true });
                    return 0;
                case ["admin", "create-tenant", var slug, .. var rest]:
                    await using (var scope = services.CreateAsyncScope())
                    {
                        var tenant = await scope.ServiceProvider.GetRequiredService<TenantService>().CreateAsync(slug, Option(rest, "--name"), ct);
                        await WriteAsync(output, new { tenantId = PublicId.Encode(IdPrefixes.Tenant, tenant.Id), slug = tenant.Slug });
                    }

                    return 0;
                case ["admin", "create-client", var tenantSlug, .. var rest]:
                    return await CreateClientAsync(services, tenantSlug, rest, output, error, ct);
                default:
                    await error.WriteLineAsync(Usage);
                    return 2;
            }
        }
        catch (TagApiException e)
        {
            await error.WriteLineAsync($"error: {e.Message}");
            if (e is ValidationFailedException v)
            {
                foreach (var (field, messages) in v.Errors)
                {
                    await error.WriteLineAsync($"  {field}: {string.Join(" ", messages)}");
                }
            }

            return 1;
        }
    }

    private static async Task<int> CreateClientAsync(IServiceProvider services, string tenantSlug, string[] rest, TextWriter output, TextWriter error, CancellationToken ct)
    {
        var scopes = Option(rest, "--scopes");
        if (scopes is null)
        {
            await error.WriteLineAsync("error: --scopes is required, e.g. --scopes \"tags:read tags:write\".\n" + Usage);
            return 2;
        }

        await using var scope = services.CreateAsyncScope();
        var tenant = await scope.ServiceProvider.GetRequiredService<TenantService>().FindBySlugAsync(tenantSlug, ct);
        if (tenant is null)
        {
            await error.WriteLineAsync($"error: tenant '{tenantSlug}' does not exist; create it with: admin create-tenant {tenantSlug}");
            return 1;
        }

        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenant.Id);
        var created = await scope.ServiceProvider.GetRequiredService<ApiClientService>().CreateAsync(
            Option(rest, "--name"), scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries), grantable: null, ct);
        await WriteAsync(output, new { clientId = created.Client.ClientId, clientSecret = created.ClientSecret });
        return 0;
    }

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    private static async Task WriteAsync(TextWriter output, object value)
    {
        await output.WriteLineAsync(JsonSerializer.Serialize(value));
        await output.FlushAsync();
    }
}
