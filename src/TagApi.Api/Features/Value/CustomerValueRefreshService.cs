using Microsoft.Extensions.Options;
using TagApi.Core.Common;
using TagApi.Core.Segments.Engine;

namespace TagApi.Api.Features.Value;

/// <summary>
/// The scheduled refresh of customer value: every <see cref="CustomerValueOptions.SchedulerSeconds"/>, recomputes the
/// RFM edges and model fit of each tenant whose index this node holds and whose model is due (older than
/// <see cref="CustomerValueOptions.RefreshMinutes"/>, or changed and older than the change delay), so reads rarely
/// pay for it. Tenants without a loaded index have nothing to refresh: their first read computes the model.
/// </summary>
public sealed partial class CustomerValueRefreshService(
    SegmentEngine engine, TimeProvider clock, IOptions<CustomerValueOptions> options, ILogger<CustomerValueRefreshService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.SchedulerSeconds), clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            foreach (var (tenantId, index) in engine.LoadedIndexes())
            {
                stoppingToken.ThrowIfCancellationRequested();
                try
                {
                    if (index.Value.RefreshIfOld(index.Current, clock.UtcNow()) && index.Value.Latest is { } model)
                    {
                        LogRefreshed(tenantId, model.Purchasers, model.Fit?.Duration.TotalMilliseconds);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogFailed(e, tenantId);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Customer value of tenant {TenantId} recomputed: {Purchasers} purchasers, fit in {FitMilliseconds} ms")]
    private partial void LogRefreshed(long tenantId, int purchasers, double? fitMilliseconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Customer value of tenant {TenantId} could not be recomputed")]
    private partial void LogFailed(Exception exception, long tenantId);
}
