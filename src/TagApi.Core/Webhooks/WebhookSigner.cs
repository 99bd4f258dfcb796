using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace TagApi.Core.Webhooks;

/// <summary>
/// Standard Webhooks signatures: <c>v1,</c> + base64 HMAC-SHA256 of <c>{id}.{timestamp}.{body}</c>
/// keyed by the base64 part of a <c>whsec_</c> secret, so any Standard Webhooks library verifies them.
/// </summary>
public static class WebhookSigner
{
    public const string SecretPrefix = "whsec_";

    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));

    /// <summary>The HMAC key a secret stands for (its base64 part, decoded).</summary>
    public static byte[] Key(string secret) =>
        Convert.FromBase64String(secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret);

    public static string Sign(string secret, string messageId, long timestamp, string body) =>
        Sign(Key(secret), messageId, timestamp, Encoding.UTF8.GetBytes(body));

    /// <summary>
    /// Signs an already encoded body with an already decoded key: the dispatcher sends one body to every endpoint
    /// and signs it once per attempt, so neither is converted again each time.
    /// </summary>
    public static string Sign(ReadOnlySpan<byte> key, string messageId, long timestamp, ReadOnlySpan<byte> body)
    {
        Span<byte> prefix = stackalloc byte[256];
        var head = Encoding.UTF8.TryGetBytes($"{messageId}.{timestamp.ToString(CultureInfo.InvariantCulture)}.", prefix, out var written)
            ? prefix[..written]
            : Encoding.UTF8.GetBytes($"{messageId}.{timestamp.ToString(CultureInfo.InvariantCulture)}.");
        var signed = ArrayPool<byte>.Shared.Rent(head.Length + body.Length);
        try
        {
            head.CopyTo(signed);
            body.CopyTo(signed.AsSpan(head.Length));
            Span<byte> hash = stackalloc byte[HMACSHA256.HashSizeInBytes];
            HMACSHA256.HashData(key, signed.AsSpan(0, head.Length + body.Length), hash);
            return "v1," + Convert.ToBase64String(hash);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(signed);
        }
    }

    /// <summary>The <c>webhook-signature</c> header: one signature per active secret, space separated.</summary>
    public static string Header(IEnumerable<string> secrets, string messageId, long timestamp, string body) =>
        string.Join(' ', secrets.Select(s => Sign(s, messageId, timestamp, body)));
}
