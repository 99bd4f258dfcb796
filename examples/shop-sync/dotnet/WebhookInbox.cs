using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using TagApi.Client.Webhooks;

namespace ShopSync;

/// <summary>
/// A local webhook receiver (HttpListener on loopback): verifies each delivery with the endpoint's secret before
/// trusting it, answers 400 to anything unsigned or tampered with, and keeps the typed events.
/// </summary>
public sealed class WebhookInbox : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;
    private WebhookVerifier? _verifier;

    public WebhookInbox()
    {
        Url = $"http://127.0.0.1:{FreePort()}/webhooks/";
        _listener.Prefixes.Add(Url);
    }

    public string Url { get; }

    public ConcurrentQueue<WebhookEvent> Events { get; } = new();

    public int Rejected { get; private set; }

    public void Start() => _loop = Task.Run(() => ListenAsync(_stop.Token));

    /// <summary>The secret arrives with the endpoint's creation, after the listener is already up.</summary>
    public void UseSecret(string secret) => _verifier = new WebhookVerifier(secret);

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The loop ends by the listener being closed under it.
        }

        _stop.Dispose();
    }

    private async Task ListenAsync(CancellationToken stop)
    {
        _listener.Start();
        while (!stop.IsCancellationRequested)
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

            using var reader = new StreamReader(context.Request.InputStream);
            var body = await reader.ReadToEndAsync(stop);
            try
            {
                var verifier = _verifier ?? throw new WebhookVerificationException("No secret yet.");
                Events.Enqueue(verifier.Verify(context.Request.Headers, body));
                context.Response.StatusCode = 204;
            }
            catch (WebhookVerificationException)
            {
                Rejected++;
                context.Response.StatusCode = 400;
            }

            context.Response.Close();
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
