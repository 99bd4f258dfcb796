using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using TagApi.Core.Webhooks;

namespace TagApi.Api.DataProtection;

/// <summary>Webhook signing secrets encrypted at rest with Data Protection (the key ring of <see cref="ServerKeyRing"/>).</summary>
public sealed class DataProtectionWebhookSecrets(IDataProtectionProvider provider) : IWebhookSecretProtector
{
    // Marks the stored form (and its version), so it is never mistaken for a secret stored in clear (whsec_…).
    private const string Prefix = "dp1:";

    private readonly IDataProtector _protector = provider.CreateProtector("TagApi.Webhooks.SigningSecret");

    public string Protect(string secret) => Prefix + _protector.Protect(secret);

    public string Unprotect(string stored)
    {
        if (WebhookSecretEncryption.IsInClear(stored))
        {
            return stored;
        }

        return stored.StartsWith(Prefix, StringComparison.Ordinal)
            ? _protector.Unprotect(stored[Prefix.Length..])
            : throw new CryptographicException("The stored webhook secret is in no known form.");
    }
}
