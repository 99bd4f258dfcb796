using System.Net;
using System.Net.Sockets;

namespace TagApi.Core.Webhooks;

/// <summary>
/// Which destinations webhooks may go to: HTTPS only, to a fully qualified name that is not reserved for the machine,
/// the local network or a cloud's metadata service, and that resolves only to public addresses (see
/// <see cref="WebhookAddressRules"/>). Checked when an endpoint is written and again on every connection the dispatcher
/// opens (<see cref="WebhookConnector"/>), so a name cannot later be pointed inside the network. An operator may allow
/// private destinations (development and tests), which also allows plain HTTP and skips every check here.
/// </summary>
public sealed class WebhookUrlPolicy(bool allowPrivateDestinations, IWebhookHostResolver? resolver = null)
{
    // Names that never leave the deployment whatever they resolve to, by exact name and by suffix (RFC 6761, 6762,
    // 8375, ICANN's .internal, and the suffixes networks commonly use for themselves).
    private static readonly Dictionary<string, string> ReservedNames = new(StringComparer.Ordinal)
    {
        ["metadata.google.internal"] = "a cloud metadata service",
        ["metadata.goog"] = "a cloud metadata service",
    };

    private static readonly (string Suffix, string Purpose)[] ReservedSuffixes =
    [
        ("localhost", "reserved for this machine (loopback)"),
        ("localdomain", "reserved for this machine"),
        ("local", "reserved for the local network (multicast DNS)"),
        ("internal", "reserved for private networks"),
        ("home.arpa", "reserved for home networks"),
        ("arpa", "reserved for network infrastructure"),
        ("intranet", "commonly used inside private networks"),
        ("lan", "commonly used inside private networks"),
        ("corp", "commonly used inside private networks"),
        ("home", "commonly used inside private networks"),
        ("private", "commonly used inside private networks"),
        ("test", "reserved for testing"),
        ("invalid", "reserved as never valid"),
        ("onion", "reserved for Tor"),
        ("alt", "reserved for non-DNS names"),
    ];

    private readonly IWebhookHostResolver _resolver = resolver ?? new DnsWebhookHostResolver();

    public bool AllowPrivate { get; } = allowPrivateDestinations;

    /// <summary>
    /// Why the URL is refused as written — its scheme, credentials, a reserved or single-label name, or an address
    /// literal (in any of its numeric spellings) that is not public — or null. Does not resolve the name.
    /// </summary>
    public string? CheckUrl(string? url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return "An absolute https:// URL is required.";
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            return "Webhook URLs cannot carry credentials.";
        }

        if (AllowPrivate)
        {
            return null;
        }

        return uri.Scheme == Uri.UriSchemeHttp ? "Webhook URLs must use https://." : CheckHost(HostOf(uri));
    }

    /// <summary><see cref="CheckUrl"/>, then resolves the name: refused when any address it resolves to is not public.</summary>
    public async Task<string?> CheckUrlAsync(string? url, CancellationToken ct)
    {
        if (CheckUrl(url) is { } refused)
        {
            return refused;
        }

        if (AllowPrivate)
        {
            return null;
        }

        try
        {
            await ResolveCheckedAsync(HostOf(new Uri(url!)), ct);
            return null;
        }
        catch (WebhookDestinationRefusedException ex)
        {
            return ex.Message;
        }
    }

    /// <summary>
    /// The addresses a connection to the host may use: the name's checks, then every address it resolves to checked.
    /// Throws <see cref="WebhookDestinationRefusedException"/> when the name or any of its addresses is refused — one
    /// refused answer refuses all, so a name cannot mix a public address with an inside one and hope for the latter.
    /// </summary>
    public async Task<IPAddress[]> ResolveCheckedAsync(string host, CancellationToken ct)
    {
        if (CheckHost(host) is { } refused)
        {
            throw new WebhookDestinationRefusedException(refused);
        }

        if (IPAddress.TryParse(host, out var literal))
        {
            return [literal];
        }

        IPAddress[] addresses;
        try
        {
            addresses = await _resolver.ResolveAsync(host, ct);
        }
        catch (SocketException ex)
        {
            throw new WebhookDestinationRefusedException($"The host '{host}' could not be resolved ({ex.SocketErrorCode}).");
        }

        if (addresses.Length == 0)
        {
            throw new WebhookDestinationRefusedException($"The host '{host}' could not be resolved.");
        }

        foreach (var address in addresses)
        {
            if (WebhookAddressRules.Refusal(address) is { } kind)
            {
                throw new WebhookDestinationRefusedException($"The host '{host}' resolves to {address}, {kind}.");
            }
        }

        return addresses;
    }

    /// <summary>Why a host (a name, or an address literal) is refused before any lookup, or null.</summary>
    private static string? CheckHost(string host)
    {
        if (IPAddress.TryParse(host, out var address))
        {
            return WebhookAddressRules.Refusal(address) is { } kind ? $"The destination {address} is {kind}." : null;
        }

        var name = host.TrimEnd('.').ToLowerInvariant();
        if (ReservedNames.TryGetValue(name, out var reason))
        {
            return $"The host '{host}' is {reason}.";
        }

        foreach (var (suffix, purpose) in ReservedSuffixes)
        {
            if (name.EndsWith("." + suffix, StringComparison.Ordinal) || name == suffix)
            {
                return $"The host '{host}' is under '.{suffix}', {purpose}.";
            }
        }

        return name.Contains('.', StringComparison.Ordinal)
            ? null
            : $"The host '{host}' is not a fully qualified name (a single-label name resolves inside the network).";
    }

    // The name as it is looked up (IDN as punycode), or an address literal without brackets or zone.
    private static string HostOf(Uri uri) => uri.HostNameType == UriHostNameType.IPv6 ? uri.Host.Trim('[', ']') : uri.IdnHost;
}

/// <summary>A webhook destination refused by <see cref="WebhookUrlPolicy"/>; the message says why.</summary>
public sealed class WebhookDestinationRefusedException(string message) : IOException(message);
