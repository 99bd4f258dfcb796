using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;
using TagApi.Core.Idempotency;

namespace TagApi.Api.Idempotency;

/// <summary>
/// Holds a response back while a keyed request runs: the body goes to memory instead of the client, so the outcome can
/// be stored before anything is sent (and nothing is sent of an attempt that is rolled back and run again). The headers
/// the earlier middleware set (rate limit, CORS) are kept across attempts; the endpoint's are reset with the body.
/// </summary>
public sealed class ResponseCapture : IDisposable
{
    // Replayed with the body: what a client reads to interpret it, or to follow up on it.
    private static readonly string[] Kept = ["Content-Type", "Location", "ETag", "Content-Location"];

    private readonly HttpContext _http;
    private readonly IHttpResponseBodyFeature _original;
    private readonly Dictionary<string, StringValues> _before;
    private MemoryStream _buffer = new();
    private StreamResponseBodyFeature _capture = null!;

    private ResponseCapture(HttpContext http)
    {
        _http = http;
        _original = http.Features.Get<IHttpResponseBodyFeature>()!;
        _before = http.Response.Headers.ToDictionary(h => h.Key, h => h.Value, StringComparer.OrdinalIgnoreCase);
        Redirect();
    }

    public static ResponseCapture Start(HttpContext http) => new(http);

    /// <summary>Forgets an attempt: its status, its headers, its body.</summary>
    public void Reset()
    {
        _buffer.Dispose();
        _buffer = new MemoryStream();
        _http.Response.StatusCode = StatusCodes.Status200OK;
        _http.Response.Headers.Clear();
        foreach (var (name, value) in _before)
        {
            _http.Response.Headers[name] = value;
        }

        Redirect();
    }

    /// <summary>The captured outcome, as it would be stored (what the endpoint left unflushed included).</summary>
    public async Task<StoredOutcome> OutcomeAsync()
    {
        await _capture.CompleteAsync();
        var headers = Kept
            .Where(name => _http.Response.Headers.ContainsKey(name))
            .ToDictionary(name => name, name => _http.Response.Headers[name].ToString(), StringComparer.OrdinalIgnoreCase);
        return new StoredOutcome(_http.Response.StatusCode, headers, _buffer.ToArray());
    }

    /// <summary>Sends what was captured to the client, through the response as it was before the capture.</summary>
    public async Task SendAsync(CancellationToken ct)
    {
        Restore();
        if (_buffer.Length > 0)
        {
            _http.Response.ContentLength = _buffer.Length;
            await _http.Response.Body.WriteAsync(_buffer.GetBuffer().AsMemory(0, (int)_buffer.Length), ct);
        }
    }

    /// <summary>Puts the client's response stream back (before an exception leaves the middleware, for one).</summary>
    public void Restore() => _http.Features.Set(_original);

    public void Dispose()
    {
        Restore();
        _buffer.Dispose();
    }

    private void Redirect()
    {
        _capture = new StreamResponseBodyFeature(_buffer);
        _http.Features.Set<IHttpResponseBodyFeature>(_capture);
    }
}
