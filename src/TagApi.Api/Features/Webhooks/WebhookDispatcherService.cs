using Microsoft.EntityFrameworkCore;
using TagApi.Core.Data;
using TagApi.Core.Webhooks;

namespace TagApi.Api.Features.Webhooks;

/// <summary>
/// Runs the webhook dispatcher: delivers as long as there is due work, otherwise waits for a wake-up
/// from the outbox or a short poll (other instances' writes). Also prunes events older than 30 days.
/// </summary>
public sealed partial class WebhookDispatcherService(
    WebhookDispatcher dispatcher, WebhookOutbox outbox, IServiceScopeFactory scopes, ILogger<WebhookDispatcherService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var nextPrune = DateTime.UtcNow;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await dispatcher.RunOnceAsync(stoppingToken) == 0)
                {
                    await outbox.WaitAsync(dispatcher.Settings.Poll, stoppingToken);
                }

                if (DateTime.UtcNow >= nextPrune)
                {
                    await PruneAsync(stoppingToken);
                    nextPrune = DateTime.UtcNow.AddHours(1);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogFailed(logger, e);
                await Task.Delay(dispatcher.Settings.Poll, stoppingToken);
            }
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook dispatch failed; retrying shortly")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
