using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;
using TagApi.Api.Auth;
using TagApi.Core.Webhooks;

namespace TagApi.Api.DataProtection;

/// <summary>
/// ASP.NET Data Protection for secrets TagApi keeps at rest (webhook signing secrets), keyed from the server key every
/// node shares (see <see cref="ServerKeyRing"/> for why derived rather than a stored key ring).
/// </summary>
public static class DataProtectionServices
{
    public static IServiceCollection AddTagApiDataProtection(this IServiceCollection services, ServerKeys keys)
    {
        var ring = new ServerKeyRing(keys);
        services.AddSingleton(ring);
        // One application name on every node, not the content root (Data Protection's default), which differs between
        // machines and would give each node its own subkeys.
        services.AddDataProtection().SetApplicationName("TagApi").DisableAutomaticKeyGeneration();
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(new ConfigureOptions<KeyManagementOptions>(o => o.XmlRepository = ring));
        services.AddSingleton<IWebhookSecretProtector, DataProtectionWebhookSecrets>();
        return services;
    }
}
