using System.Net;
using System.Net.Sockets;

namespace TagApi.Core.Webhooks;

/// <summary>
/// Which destinations webhooks may go to: HTTPS only, and never loopback, private, link-local or
/// metadata addresses — unless the operator allows private destinations (development and tests),
/// which also allows plain HTTP.
/// </summary>
public sealed class WebhookUrlPolicy(bool allowPrivateDestinations)
{
    public bool AllowPrivate { get; } = allowPrivateDestinations;

    /// <summary>Why the URL is refused, or null when it is acceptable as written.</summary>
    public string? CheckUrl(string? url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return "An absolute https:// URL is required.";
        }

        if (uri.Scheme == Uri.UriSchemeHttp && !AllowPrivate)
        {
            return "Webhook URLs must use https://.";
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            return "Webhook URLs cannot carry credentials.";
        }

        return IPAddress.TryParse(uri.Host, out var address) && !IsAllowed(address) ? "The destination is a private or loopback address." : null;
    }

    /// <summary>Resolves the host at delivery time, so a name cannot later point inside the network.</summary>
    public async Task<string?> CheckDestinationAsync(Uri uri, CancellationToken ct)
    {
        if (AllowPrivate)
        {
            return null;
        }

        var addresses = IPAddress.TryParse(uri.Host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(uri.Host, ct);
        return addresses.All(IsAllowed) ? null : $"'{uri.Host}' resolves to a private or loopback address.";
    }

    private bool IsAllowed(IPAddress address)
    {
        if (AllowPrivate)
        {
            return true;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            return false;
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return !(address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal);
        }

        var b = address.GetAddressBytes();
        return !(b[0] == 10 || (b[0] == 172 && b[1] is >= 16 and <= 31) || (b[0] == 192 && b[1] == 168)
            || (b[0] == 169 && b[1] == 254) || (b[0] == 100 && b[1] is >= 64 and <= 127) || b[0] == 0);
    }
}
