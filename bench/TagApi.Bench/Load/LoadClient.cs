using System.Net;

namespace TagApi.Bench.Load;

/// <summary>
/// The HTTP client every load generator drives a server with: one pooled connection per concurrent request, kept for
/// the whole run, no proxy or decompression between the generator and the server.
/// </summary>
public static class LoadClient
{
    public static HttpClient Create(Uri baseAddress, int connections, TimeSpan timeout) =>
        new(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
        })
        { BaseAddress = baseAddress, Timeout = timeout };
}
