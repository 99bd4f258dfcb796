using System.Diagnostics.CodeAnalysis;
using TagApi.Core.Segments.Engine;
using TagApi.Core.Tenancy;

namespace TagApi.Api.Common;

/// <summary>
/// A background worker that keeps derived state true in two ways: customers changed on this
/// instance are handled within moments (a short gather delay folds a burst into one pass), and a
/// periodic pass catches everything else — time passing, other instances' writes, work a crash
/// interrupted. Subclasses say what each pass does.
/// </summary>
/// <param name="queue">Customers changed on this instance.</param>
/// <param name="scopes">Creates a scope per pass.</param>
/// <param name="actor">The system actor the worker acts as, e.g. <c>system:rules</c>.</param>
/// <param name="gather">How long to wait after a change for more to arrive.</param>
/// <param name="period">How often the periodic pass runs.</param>
/// <param name="logger">Where failures are logged.</param>
public abstract partial class ChangeFollowingService(
    ChangedCustomerQueue queue, IServiceScopeFactory scopes, string actor, TimeSpan gather, TimeSpan period, ILogger logger) : BackgroundService
{
    protected IServiceScopeFactory Scopes => scopes;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(ChangesLoopAsync(stoppingToken), PeriodicLoopAsync(stoppingToken));

    /// <summary>Handles customers of one tenant that changed on this instance, inside that tenant.</summary>
    protected abstract Task HandleChangesAsync(IServiceProvider tenantServices, IReadOnlyCollection<long> customerIds, CancellationToken ct);

    /// <summary>One periodic pass, across tenants.</summary>
    public abstract Task RunPeriodicPassAsync(CancellationToken ct);

    /// <summary>A scope acting inside <paramref name="tenantId"/> as this worker's system actor.</summary>
    protected AsyncServiceScope TenantScope(long tenantId)
    {
        var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenantId, actor);
        return scope;
    }

    [SuppressMessage("Design", "CA1031:Do not catch general exception types",
        Justification = "A background loop logs a failed pass and goes on; one bad batch must not stop the worker for good.")]
    private async Task ChangesLoopAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await queue.WaitAsync(TimeSpan.FromSeconds(5), ct);
                await Task.Delay(gather, ct);
                foreach (var (tenantId, customers) in queue.Drain())
                {
                    await using var scope = TenantScope(tenantId);
                    await HandleChangesAsync(scope.ServiceProvider, customers, ct);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogChangesFailed(logger, actor, e);
            }
        }
    }

    private async Task PeriodicLoopAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(period);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                try
                {
                    await RunPeriodicPassAsync(ct);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogPassFailed(logger, actor, e);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Worker}: handling changed customers failed; the periodic pass will catch up")]
    private static partial void LogChangesFailed(ILogger logger, string worker, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Worker}: periodic pass failed; retried next period")]
    private static partial void LogPassFailed(ILogger logger, string worker, Exception exception);
}
