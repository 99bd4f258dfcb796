using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace TagApi.Api.Tests.Telemetry;

/// <summary>A loopback OTLP/HTTP collector that records the paths and content types it was sent to, and answers 200.</summary>
public sealed class OtlpReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;

    public OtlpReceiver()
    {
        Port = FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(ReceiveAsync);
    }

    public int Port { get; }

    /// <summary>Requests received, as <c>POST /v1/traces application/x-protobuf</c>.</summary>
    public ConcurrentQueue<string> Received { get; } = new();

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
    }

    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task ReceiveAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            await context.Request.InputStream.CopyToAsync(Stream.Null);
            Received.Enqueue($"{context.Request.HttpMethod} {context.Request.Url!.AbsolutePath} {context.Request.ContentType}");
            context.Response.StatusCode = 200;
            context.Response.Close();
        }
    }
}
