using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TagApi.Bench.Webhooks;

/// <summary>How a receiver answers.</summary>
public enum ReceiverBehaviour
{
    Healthy,

    /// <summary>Answers 200 after 200 ms.</summary>
    Slow,

    /// <summary>Answers 500 to every other request.</summary>
    FailingHalf,
}

/// <summary>One request as a receiver saw it: the event id and when it arrived (UTC ticks).</summary>
public readonly record struct Arrival(string EventId, long AtTicks, bool Accepted);

/// <summary>
/// A real HTTP receiver on loopback (Kestrel in the harness process) that records each request's
/// <c>webhook-id</c> and arrival time. The body is drained but not parsed or verified: the harness
/// shares the machine with the server, so the receiver does as little as a receiver can.
/// </summary>
public sealed class LoopbackReceiver : IAsyncDisposable
{
    private static readonly TimeSpan SlowAnswer = TimeSpan.FromMilliseconds(200);
    private readonly WebApplication _app;
    private long _requests;

    private LoopbackReceiver(WebApplication app, string name)
    {
        _app = app;
        Name = name;
    }

    public string Name { get; }

    public string Url { get; private set; } = "";

    /// <summary>How it answers now; W7 switches the bad ones between runs.</summary>
    public ReceiverBehaviour Behaviour { get; set; }

    public ConcurrentQueue<Arrival> Arrivals { get; private set; } = new();

    public static async Task<LoopbackReceiver> StartAsync(string name)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new LoopbackReceiver(app, name);
        app.MapPost("/hook", receiver.HandleAsync);
        await app.StartAsync();
        receiver.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/hook";
        return receiver;
    }

    /// <summary>Forgets what arrived so far (between runs).</summary>
    public void Reset() => Arrivals = new ConcurrentQueue<Arrival>();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        var id = context.Request.Headers["webhook-id"].ToString();
        var at = DateTime.UtcNow.Ticks;
        await context.Request.Body.CopyToAsync(Stream.Null);
        var behaviour = Behaviour;
        if (behaviour == ReceiverBehaviour.Slow)
        {
            await Task.Delay(SlowAnswer);
        }

        var accepted = behaviour != ReceiverBehaviour.FailingHalf || Interlocked.Increment(ref _requests) % 2 == 0;
        Arrivals.Enqueue(new Arrival(id, at, accepted));
        context.Response.StatusCode = accepted ? 200 : 500;
    }
}
