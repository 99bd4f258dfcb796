using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace TagApi.Api.Tests.Infrastructure;

/// <summary>A factory that reports when the server finishes each tracked request.</summary>
public interface IRequestEnds
{
    RequestEnds Ends { get; }
}

/// <summary>
/// Outermost middleware recording, for requests carrying a tracking header, when the server is done with them and
/// whether the client had left by then: a test can wait for the server rather than guess a delay.
/// </summary>
public sealed class RequestEnds : IStartupFilter
{
    private const string Header = "X-Test-Request";
    private readonly ConcurrentDictionary<string, TaskCompletionSource<RequestEnd>> _pending = new(StringComparer.Ordinal);

    public TrackedRequest Track()
    {
        var id = Guid.NewGuid().ToString("N");
        var ended = new TaskCompletionSource<RequestEnd>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = ended;
        return new TrackedRequest(id, ended.Task);
    }

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (HttpContext context, RequestDelegate inner) =>
        {
            try
            {
                await inner(context);
            }
            finally
            {
                if (context.Request.Headers.TryGetValue(Header, out var id) && _pending.TryRemove(id.ToString(), out var ended))
                {
                    ended.TrySetResult(new RequestEnd(context.RequestAborted.IsCancellationRequested));
                }
            }
        });
        next(app);
    };

    /// <summary>A request the test sends with the tracking header, and the server's end of it.</summary>
    public sealed record TrackedRequest(string Id, Task<RequestEnd> Ended)
    {
        public async Task<HttpResponseMessage> SendAsync(HttpClient http, string query, object variables, CancellationToken ct)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
            {
                Content = System.Net.Http.Json.JsonContent.Create(new { query, variables }),
            };
            request.Headers.Add(Header, Id);
            return await http.SendAsync(request, ct);
        }
    }

    public sealed record RequestEnd(bool Aborted);
}
