using Microsoft.Extensions.Options;
using TagApi.Core.Idempotency;

namespace TagApi.Api.Idempotency;

/// <summary>Deletes idempotency records past their retention, of every tenant, every <c>Idempotency:PurgeSeconds</c>.</summary>
public sealed partial class IdempotencyPurgeService(IServiceScopeFactory scopes, IOptions<IdempotencyOptions> options, ILogger<IdempotencyPurgeService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.PurgeSeconds));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var purged = await scope.ServiceProvider.GetRequiredService<IdempotencyStore>().PurgeAsync(stoppingToken);
                if (purged > 0)
                {
                    LogPurged(logger, purged);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(logger, e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} expired idempotency record(s)")]
    private static partial void LogPurged(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Idempotency record purge failed; it runs again next period")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
