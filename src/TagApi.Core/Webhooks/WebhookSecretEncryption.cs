using Microsoft.EntityFrameworkCore;
using TagApi.Core.Data;

namespace TagApi.Core.Webhooks;

/// <summary>
/// Encrypts the signing secrets still stored in clear (written before secrets were encrypted at rest). Safe to run on
/// every node at once: each row is rewritten only if it still holds the clear value that was read.
/// </summary>
public static class WebhookSecretEncryption
{
    /// <summary>True for a secret stored in clear rather than encrypted.</summary>
    public static bool IsInClear(string? stored) => stored?.StartsWith(WebhookSigner.SecretPrefix, StringComparison.Ordinal) == true;

    /// <summary>Encrypts every secret still in clear, across tenants; returns how many endpoints were rewritten.</summary>
    public static async Task<int> EncryptSecretsInClearAsync(TagApiDbContext db, IWebhookSecretProtector secrets, CancellationToken ct)
    {
        var prefix = WebhookSigner.SecretPrefix + "%";
        // Cross-tenant by design: a maintenance pass over every endpoint.
        var inClear = await db.WebhookEndpoints.IgnoreQueryFilters().AsNoTracking()
            .Where(e => EF.Functions.Like(e.Secret, prefix) || (e.PreviousSecret != null && EF.Functions.Like(e.PreviousSecret, prefix)))
            .Select(e => new { e.Id, e.Secret, e.PreviousSecret })
            .ToListAsync(ct);
        var rewritten = 0;
        foreach (var row in inClear)
        {
            var secret = IsInClear(row.Secret) ? secrets.Protect(row.Secret) : row.Secret;
            var previous = IsInClear(row.PreviousSecret) ? secrets.Protect(row.PreviousSecret!) : row.PreviousSecret;
            rewritten += await db.WebhookEndpoints.IgnoreQueryFilters()
                .Where(e => e.Id == row.Id && e.Secret == row.Secret && e.PreviousSecret == row.PreviousSecret)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.Secret, secret).SetProperty(e => e.PreviousSecret, previous), ct);
        }

        return rewritten;
    }
}
