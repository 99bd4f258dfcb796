using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TagApi.Api.Common;
using TagApi.Core.Common;
using TagApi.Core.Data;
using TagApi.Core.Rules;
using TagApi.Core.Segments.Engine;

namespace TagApi.Api.Features.Rules;

/// <summary>
/// Keeps rule tags true. Customers changed on this instance are re-evaluated within moments
/// (<see cref="RuleOptions.IncrementalDelayMilliseconds"/> gathers a burst into one pass); rules
/// whose <c>nextEvaluationAt</c> has come are run in full (every <see cref="RuleOptions.SchedulerSeconds"/>),
/// each under a lease so several instances never run one rule at once.
/// Every change also writes what it owes the rules to the database (<see cref="OwedRuleEvaluation"/>), held for this
/// worker while it runs (<see cref="RuleOptions.OwedHoldSeconds"/>): evaluated from memory, the rows are deleted; any
/// instance's periodic pass claims and evaluates rows whose hold lapsed, so a change whose instance died right after
/// the commit is still evaluated, by another instance.
/// </summary>
public sealed class RuleEvaluationService(
    RuleTriggers triggers, IndexFollower follower, IServiceScopeFactory scopes, TimeProvider clock, IOptions<RuleOptions> options, ILogger<RuleEvaluationService> logger)
    : ChangeFollowingService(
        triggers, scopes, "system:rules",
        TimeSpan.FromMilliseconds(options.Value.IncrementalDelayMilliseconds),
        TimeSpan.FromSeconds(options.Value.SchedulerSeconds),
        logger)
{
    private const int OwedBatch = 100;
    private const int OwedBatchesPerPass = 10;
    private readonly TimeSpan _hold = TimeSpan.FromSeconds(options.Value.OwedHoldSeconds);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Only while this worker runs are this instance's changes born held for it; otherwise any instance takes them.
        triggers.Attach(_hold);
        try
        {
            await base.ExecuteAsync(stoppingToken);
        }
        finally
        {
            triggers.Detach();
        }
    }

    protected override async Task HandleChangesAsync(IServiceProvider tenantServices, IReadOnlyCollection<long> customerIds, CancellationToken ct) =>
        await tenantServices.GetRequiredService<CustomerRuleEvaluator>().EvaluateAsync(customerIds, ct);

    protected override async Task HandledAsync(IServiceProvider tenantServices, ChangedCustomers changed, CancellationToken ct)
    {
        if (changed.Owed.Count > 0)
        {
            await OwedRuleEvaluations.SettleAsync(tenantServices.GetRequiredService<TagApiDbContext>(), changed.Owed, ct);
        }
    }

    /// <summary>Runs every rule that is due, then evaluates owed evaluations nobody holds, across tenants.</summary>
    public override async Task RunPeriodicPassAsync(CancellationToken ct)
    {
        List<(long Id, long TenantId, bool Changed)> due;
        await using (var scope = Scopes.CreateAsyncScope())
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
            await using var scope = TenantScope(tenantId);
            await scope.ServiceProvider.GetRequiredService<RuleRunner>().RunAsync(id, changed ? "definition" : "scheduled", ct, onlyIfDue: true);
        }

        await EvaluateLapsedOwedAsync(ct);
    }

    // A claimed row's change committed before the claim, but this instance's index may not show it yet (it follows
    // other instances a moment late): catch up first, then evaluate against the index as usual.
    private async Task EvaluateLapsedOwedAsync(CancellationToken ct)
    {
        for (var batch = 0; batch < OwedBatchesPerPass; batch++)
        {
            List<OwedRuleEvaluation> claimed;
            await using (var scope = Scopes.CreateAsyncScope())
            {
                claimed = await OwedRuleEvaluations.ClaimLapsedAsync(scope.ServiceProvider.GetRequiredService<TagApiDbContext>(), clock.UtcNow(), _hold, OwedBatch, ct);
            }

            if (claimed.Count == 0)
            {
                return;
            }

            await follower.FollowOnceAsync(ct);
            foreach (var tenant in claimed.GroupBy(o => o.TenantId))
            {
                await using var scope = TenantScope(tenant.Key);
                await scope.ServiceProvider.GetRequiredService<CustomerRuleEvaluator>().EvaluateAsync([.. tenant.SelectMany(o => o.Customers()).Distinct()], ct);
                await OwedRuleEvaluations.SettleAsync(scope.ServiceProvider.GetRequiredService<TagApiDbContext>(), [.. tenant.Select(o => o.Id)], ct);
            }

            if (claimed.Count < OwedBatch)
            {
                return;
            }
        }
    }
}
