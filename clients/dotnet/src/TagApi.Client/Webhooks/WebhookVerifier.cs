using System.Collections.Specialized;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Primitives;

namespace TagApi.Client.Webhooks;

/// <summary>
/// Checks a webhook the Standard Webhooks way — an HMAC-SHA256 of <c>{webhook-id}.{webhook-timestamp}.{body}</c>
/// under the endpoint's <c>whsec_…</c> secret must match one of the <c>v1,</c> signatures, and the timestamp must be
/// within the tolerance (replays of old deliveries fail) — then returns the typed event.
/// </summary>
public sealed class WebhookVerifier
{
    private readonly byte[][] _keys;
    private readonly TimeSpan _tolerance;
    private readonly TimeProvider _time;

    /// <summary>A verifier for one signing secret.</summary>
    /// <param name="secret">The endpoint's secret (<c>whsec_…</c>), as shown when it was created or rotated.</param>
    /// <param name="tolerance">How far the timestamp may be from now; five minutes by default.</param>
    /// <param name="timeProvider">The clock; the system's by default.</param>
    public WebhookVerifier(string secret, TimeSpan? tolerance = null, TimeProvider? timeProvider = null)
        : this([secret], tolerance, timeProvider)
    {
    }

    /// <summary>A verifier accepting any of several secrets (the old and the new one while rotating).</summary>
    public WebhookVerifier(IEnumerable<string> secrets, TimeSpan? tolerance = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        _keys = [.. secrets.Select(Key)];
        if (_keys.Length == 0)
        {
            throw new ArgumentException("At least one secret is needed.", nameof(secrets));
        }

        _tolerance = tolerance ?? TimeSpan.FromMinutes(5);
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Verifies a delivery given its headers (any capitalisation) and its body as received.</summary>
    /// <exception cref="WebhookVerificationException">A header is missing, the timestamp is too old or new, or no signature matches.</exception>
    public WebhookEvent Verify(IEnumerable<KeyValuePair<string, string>> headers, string body) =>
        Verify(Header(headers, "webhook-id"), Header(headers, "webhook-timestamp"), Header(headers, "webhook-signature"), body);

    /// <summary>The same for <see cref="System.Net.Http.Headers.HttpHeaders"/> and other multi-valued header collections.</summary>
    public WebhookEvent Verify(IEnumerable<KeyValuePair<string, IEnumerable<string>>> headers, string body) =>
        Verify(headers.Select(h => KeyValuePair.Create(h.Key, string.Join(' ', h.Value))), body);

    /// <summary>The same for ASP.NET Core's <c>Request.Headers</c>.</summary>
    public WebhookEvent Verify(IEnumerable<KeyValuePair<string, StringValues>> headers, string body) =>
        Verify(headers.Select(h => KeyValuePair.Create(h.Key, string.Join(' ', h.Value.ToArray()))), body);

    /// <summary>The same for <see cref="System.Net.HttpListenerRequest.Headers"/>.</summary>
    public WebhookEvent Verify(NameValueCollection headers, string body)
    {
        ArgumentNullException.ThrowIfNull(headers);
        return Verify(headers["webhook-id"], headers["webhook-timestamp"], headers["webhook-signature"], body);
    }

    /// <summary>Verifies a delivery given the three header values and the body.</summary>
    /// <exception cref="WebhookVerificationException">Something is missing, the timestamp is out of tolerance, or no signature matches.</exception>
    public WebhookEvent Verify(string? id, string? timestamp, string? signature, string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signature))
        {
            throw new WebhookVerificationException("The webhook-id, webhook-timestamp and webhook-signature headers are required.");
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || (_time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(Math.Min(seconds, 253_402_300_799))).Duration() > _tolerance)
        {
            throw new WebhookVerificationException("The webhook-timestamp is missing or outside the tolerance.");
        }

        var signed = Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}");
        var candidates = signature.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Where(s => s.StartsWith("v1,", StringComparison.Ordinal))
            .Select(s => TryBase64(s[3..]))
            .OfType<byte[]>()
            .ToList();
        if (!_keys.Any(key => candidates.Any(c => CryptographicOperations.FixedTimeEquals(c, HMACSHA256.HashData(key, signed)))))
        {
            throw new WebhookVerificationException("No webhook-signature matches the body.");
        }

        return WebhookEventParser.Parse(body);
    }

    private static string? Header(IEnumerable<KeyValuePair<string, string>> headers, string name) =>
        headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    private static byte[] Key(string secret)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        var encoded = secret.StartsWith("whsec_", StringComparison.Ordinal) ? secret["whsec_".Length..] : secret;
        return TryBase64(encoded) ?? throw new ArgumentException("A webhook secret is whsec_ followed by base64.", nameof(secret));
    }

    private static byte[]? TryBase64(string text)
    {
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out var written) ? buffer[..written] : null;
    }
}
