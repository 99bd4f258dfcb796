using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TagApi.Api.Common;
using TagApi.Core.Common;
using TagApi.Core.Data;
using TagApi.Core.Rules;

namespace TagApi.Api.Features.Rules;

/// <summary>
/// Keeps rule tags true. Customers changed on this instance are re-evaluated within moments
/// (<see cref="RuleOptions.IncrementalDelayMilliseconds"/> gathers a burst into one pass); rules
/// whose <c>nextEvaluationAt</c> has come are run in full (every <see cref="RuleOptions.SchedulerSeconds"/>),
/// each under a lease so several instances never run one rule at once.
/// </summary>
public sealed class RuleEvaluationService(
    RuleTriggers triggers, IServiceScopeFactory scopes, TimeProvider clock, IOptions<RuleOptions> options, ILogger<RuleEvaluationService> logger)
    : ChangeFollowingService(
        triggers, scopes, "system:rules",
        TimeSpan.FromMilliseconds(options.Value.IncrementalDelayMilliseconds),
        TimeSpan.FromSeconds(options.Value.SchedulerSeconds),
        logger)
{
    protected override async Task HandleChangesAsync(IServiceProvider tenantServices, IReadOnlyCollection<long> customerIds, CancellationToken ct) =>
        await tenantServices.GetRequiredService<CustomerRuleEvaluator>().EvaluateAsync(customerIds, ct);

    /// <summary>Runs every rule that is due, across tenants.</summary>
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
    }
}
