using System.Security.Cryptography;
using System.Text;

namespace TagApi.Api.Tests.Webhooks;

/// <summary>
/// Verifies a delivery the way a Standard Webhooks receiver library does — written from the spec,
/// independently of TagApi's signer: any listed v1 signature must match, and the timestamp must be
/// within five minutes.
/// </summary>
public static class StandardWebhookVerifier
{
    public static bool Verify(string secret, ReceivedWebhook webhook, DateTimeOffset now)
    {
        if (!long.TryParse(webhook.Timestamp, System.Globalization.CultureInfo.InvariantCulture, out var timestamp)
            || Math.Abs(now.ToUnixTimeSeconds() - timestamp) > 300)
        {
            return false;
        }

        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var expected = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{webhook.Id}.{webhook.Timestamp}.{webhook.Body}"));
        return webhook.Signature.Split(' ')
            .Where(s => s.StartsWith("v1,", StringComparison.Ordinal))
            .Any(s => CryptographicOperations.FixedTimeEquals(Convert.FromBase64String(s[3..]), expected));
    }
}
