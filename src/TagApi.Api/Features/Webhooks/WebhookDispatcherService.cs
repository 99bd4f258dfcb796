using System.Diagnostics.CodeAnalysis;
using Microsoft.EntityFrameworkCore;
using TagApi.Core.Data;
using TagApi.Core.Webhooks;

namespace TagApi.Api.Features.Webhooks;

/// <summary>
/// Runs the webhook dispatcher's continuous pipeline, which waits for a wake-up from the outbox or a
/// short poll (other instances' writes) when idle. Also prunes events older than 30 days, hourly.
/// </summary>
public sealed partial class WebhookDispatcherService(
    WebhookDispatcher dispatcher, WebhookOutbox outbox, IServiceScopeFactory scopes, ILogger<WebhookDispatcherService> logger) : BackgroundService
{
    [SuppressMessage("Design", "CA1031:Do not catch general exception types",
        Justification = "A background loop logs the dispatcher's failure and restarts it; delivery must not stop for good.")]
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var pruning = PruneHourlyAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Runs until stopped; it returns early only when the database failed it, and is restarted.
                await dispatcher.RunAsync(outbox, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                LogFailed(logger, e);
                await Task.Delay(dispatcher.Settings.Poll, stoppingToken);
            }
        }

        await pruning;
    }

    private async Task PruneHourlyAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1));
        try
        {
            do
            {
                try
                {
                    await PruneAsync(ct);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogFailed(logger, e);
                }
            }
            while (await timer.WaitForNextTickAsync(ct));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task PruneAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TagApiDbContext>();
        var before = DateTime.UtcNow.AddDays(-Events.EventEndpoints.RetentionDays);
        // Cross-tenant by design: retention applies to every tenant's log.
        await db.Events.IgnoreQueryFilters().Where(e => e.OccurredAt < before).ExecuteDeleteAsync(ct);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook dispatch or event pruning failed; retrying shortly")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
