using Microsoft.EntityFrameworkCore;
using TagApi.Core.Common;
using TagApi.Core.Data;
using TagApi.Core.Rules;
using TagApi.Core.Tenancy;

namespace TagApi.Api.Features.Rules;

/// <summary>
/// Keeps rule tags true. Customers changed on this instance are re-evaluated within moments
/// (<c>Rules:IncrementalDelayMilliseconds</c>, default 200, gathers a burst into one pass); rules
/// whose <c>nextEvaluationAt</c> has come are run in full (<c>Rules:SchedulerSeconds</c>, default 5),
/// each under a lease so several instances never run one rule at once.
/// </summary>
public sealed partial class RuleEvaluationService(
    RuleTriggers triggers, IServiceScopeFactory scopes, TimeProvider clock, IConfiguration configuration, ILogger<RuleEvaluationService> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(IncrementalLoopAsync(stoppingToken), ScheduleLoopAsync(stoppingToken));

    private async Task IncrementalLoopAsync(CancellationToken ct)
    {
        var gather = TimeSpan.FromMilliseconds(configuration.GetValue("Rules:IncrementalDelayMilliseconds", 200));
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await triggers.WaitAsync(TimeSpan.FromSeconds(5), ct);
                await Task.Delay(gather, ct);
                foreach (var (tenantId, customers) in triggers.Drain())
                {
                    await using var scope = scopes.CreateAsyncScope();
                    scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenantId, "system:rules");
                    await scope.ServiceProvider.GetRequiredService<CustomerRuleEvaluator>().EvaluateAsync(customers, ct);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogIncrementalFailed(logger, e);
            }
        }
    }

    private async Task ScheduleLoopAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(configuration.GetValue("Rules:SchedulerSeconds", 5.0)));
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                try
                {
                    await RunDueRulesAsync(ct);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogScheduleFailed(logger, e);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    /// <summary>Runs every rule that is due, across tenants.</summary>
    public async Task RunDueRulesAsync(CancellationToken ct)
    {
        List<(long Id, long TenantId, bool Changed)> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var now = clock.UtcNow();
            due = (await scope.ServiceProvider.GetRequiredService<TagApiDbContext>().Rules.IgnoreQueryFilters().AsNoTracking()
                    .Where(r => r.Enabled && r.NextEvaluationAt != null && r.NextEvaluationAt <= now)
                    .OrderBy(r => r.NextEvaluationAt)
                    .Select(r => new { r.Id, r.TenantId, Changed = r.LastEvaluatedAt == null || r.UpdatedAt > r.LastEvaluatedAt })
                    .ToListAsync(ct))
                .Select(r => (r.Id, r.TenantId, r.Changed)).ToList();
        }

        foreach (var (id, tenantId, changed) in due)
        {
            await using var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenantId, "system:rules");
            await scope.ServiceProvider.GetRequiredService<RuleRunner>().RunAsync(id, changed ? "definition" : "scheduled", ct, onlyIfDue: true);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Re-evaluating rules for changed customers failed; the scheduled runs will catch up")]
    private static partial void LogIncrementalFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Running due rules failed; retried next period")]
    private static partial void LogScheduleFailed(ILogger logger, Exception exception);
}
