using System.Collections.Concurrent;

namespace TagApi.Client.Tests.Infrastructure;

/// <summary>What went over the wire: the transport end of the SDK's handler chain, recording each attempt.</summary>
public sealed class RecordingHandler(HttpMessageHandler? inner = null) : DelegatingHandler(inner ?? new SocketsHttpHandler())
{
    public ConcurrentQueue<Attempt> Attempts { get; } = new();

    /// <summary>Attempts to a path (without the query), in order.</summary>
    public IReadOnlyList<Attempt> To(HttpMethod method, string path) =>
        [.. Attempts.Where(a => a.Method == method && a.Path == path)];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var key = request.Headers.TryGetValues("Idempotency-Key", out var keys) ? keys.Single() : null;
        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            var replayed = response.Headers.TryGetValues("Idempotent-Replayed", out var values) && values.Single() == "true";
            Attempts.Enqueue(new Attempt(request.Method, request.RequestUri!.AbsolutePath, request.RequestUri.Query, key, (int)response.StatusCode, replayed,
                response.Headers.RetryAfter?.Delta));
            return response;
        }
        catch (HttpRequestException)
        {
            Attempts.Enqueue(new Attempt(request.Method, request.RequestUri!.AbsolutePath, request.RequestUri.Query, key, 0, false, null));
            throw;
        }
    }
}

/// <summary>One attempt; <see cref="Status"/> 0 when no answer arrived.</summary>
public sealed record Attempt(HttpMethod Method, string Path, string Query, string? IdempotencyKey, int Status, bool Replayed, TimeSpan? RetryAfter);

/// <summary>
/// Lets the first matching request reach the server and be processed, then throws its answer away and reports a
/// dropped connection — what a client sees when a proxy or the network fails after the server committed.
/// </summary>
public sealed class DropFirstAnswerHandler(Func<HttpRequestMessage, bool> match, HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private int _dropped;

    public int Dropped => _dropped;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (match(request) && Interlocked.CompareExchange(ref _dropped, 1, 0) == 0)
        {
            response.Dispose();
            throw new HttpRequestException("The connection was closed before the answer arrived (dropped by the test).");
        }

        return response;
    }
}
