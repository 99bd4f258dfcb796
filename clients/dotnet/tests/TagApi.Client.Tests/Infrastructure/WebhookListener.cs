using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TagApi.Api.Tests.Infrastructure;

namespace TagApi.Client.Tests.Infrastructure;

/// <summary>A real HTTP receiver on loopback, keeping every delivery's headers and body exactly as they arrived.</summary>
public sealed class WebhookListener : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebhookListener(WebApplication app) => _app = app;

    public ConcurrentQueue<Delivery> Received { get; } = new();

    public string Url { get; private set; } = "";

    public static async Task<WebhookListener> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var listener = new WebhookListener(app);
        app.MapPost("/hook", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            var headers = new HeaderDictionary(context.Request.Headers.ToDictionary(h => h.Key, h => h.Value, StringComparer.OrdinalIgnoreCase));
            listener.Received.Enqueue(new Delivery(headers, body));
            return Results.Ok();
        });
        await app.StartAsync();
        listener.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/hook";
        return listener;
    }

    public async Task<Delivery> WaitForAsync(Func<Delivery, bool> match)
    {
        var found = await Eventually.WaitForAsync(() => Task.FromResult(Received.FirstOrDefault(match)), d => d is not null, TimeSpan.FromSeconds(20));
        return found ?? throw new TimeoutException($"No matching delivery arrived; got {Received.Count}.");
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

/// <summary>One delivery as received.</summary>
public sealed record Delivery(IHeaderDictionary Headers, string Body);
