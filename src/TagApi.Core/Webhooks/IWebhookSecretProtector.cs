namespace TagApi.Core.Webhooks;

/// <summary>
/// How webhook signing secrets are kept at rest: encrypted by the host (ASP.NET Data Protection, with a key ring every
/// node shares), so the database alone does not give them away. Rows written before encryption hold the secret in
/// clear (<c>whsec_…</c>); they are still read, and re-encrypted at start (<see cref="WebhookSecretEncryption"/>).
/// </summary>
public interface IWebhookSecretProtector
{
    /// <summary>The stored form of a secret.</summary>
    string Protect(string secret);

    /// <summary>The secret a stored form stands for (encrypted, or a secret stored in clear before encryption).</summary>
    string Unprotect(string stored);
}
