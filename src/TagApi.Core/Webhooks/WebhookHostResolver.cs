using System.Net;

namespace TagApi.Core.Webhooks;

/// <summary>
/// Looks up the addresses of a webhook destination's host. A seam so the destination checks can be exercised without a
/// network; the server uses <see cref="DnsWebhookHostResolver"/>.
/// </summary>
public interface IWebhookHostResolver
{
    /// <summary>Every address the name resolves to; throws <see cref="System.Net.Sockets.SocketException"/> when it does not resolve.</summary>
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct);
}

/// <summary>The system resolver (the same lookup the HTTP stack would make).</summary>
public sealed class DnsWebhookHostResolver : IWebhookHostResolver
{
    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct) => Dns.GetHostAddressesAsync(host, ct);
}
