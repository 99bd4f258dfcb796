using System.Net;
using System.Net.Sockets;

namespace TagApi.Core.Webhooks;

/// <summary>
/// The dispatcher's way onto the network when private destinations are not allowed: each new connection resolves the
/// name once, checks every answer (<see cref="WebhookUrlPolicy.ResolveCheckedAsync"/>) and connects the socket to one of
/// those very addresses, so no second lookup can answer differently between the check and the connection (DNS
/// rebinding). TLS (SNI, certificate name) and the <c>Host</c> header still use the name from the URL.
/// </summary>
public sealed class WebhookConnector(WebhookUrlPolicy policy)
{
    /// <summary>A <see cref="SocketsHttpHandler.ConnectCallback"/>.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var addresses = await policy.ResolveCheckedAsync(context.DnsEndPoint.Host, ct);
        SocketException? failure = null;
        foreach (var address in addresses)
        {
            var target = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
            var socket = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(target, context.DnsEndPoint.Port), ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException ex)
            {
                // Try the name's next address, as the default connection logic would.
                socket.Dispose();
                failure = ex;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw failure ?? new SocketException((int)SocketError.HostNotFound);
    }
}

/// <summary>The dispatcher's HTTP client.</summary>
public static class WebhookHttpClient
{
    /// <summary>
    /// One long-lived client: no redirects (a redirect could lead inside the network), bounded time per attempt, pooled
    /// connections recycled. Unless private destinations are allowed, connections go through <see cref="WebhookConnector"/>
    /// and never through a proxy (a proxy would make the connection, and the check, to an address of its own choosing).
    /// </summary>
    public static HttpClient Create(WebhookUrlPolicy policy, TimeSpan timeout)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false, UseCookies = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            // A receiver that does not accept connections fails its attempt in seconds, not at the full timeout.
            ConnectTimeout = TimeSpan.FromSeconds(Math.Min(5, timeout.TotalSeconds)),
            // Receivers are outside parties: no trace context goes to them, and no per-attempt work to add it.
            ActivityHeadersPropagator = null,
        };
        if (!policy.AllowPrivate)
        {
            handler.ConnectCallback = new WebhookConnector(policy).ConnectAsync;
            handler.UseProxy = false;
        }

        return new HttpClient(handler) { Timeout = timeout };
    }
}
