using Microsoft.EntityFrameworkCore;
using TagApi.Core.Common;
using TagApi.Core.Data;
using TagApi.Core.Segments.Engine;
using TagApi.Core.Segments.Index;

namespace TagApi.Core.Rules;

/// <summary>
/// Re-evaluates every enabled rule for a few customers that just changed, answering only for them
/// (row scans visit just those customers), and writes what differs. A change made here is itself a
/// change to the customer, so rules reading tags other rules set settle on the next pass.
/// </summary>
public sealed class CustomerRuleEvaluator(TagApiDbContext db, SegmentEngine engine, RuleEvaluator evaluator, RuleChangeWriter writer, TimeProvider clock)
{
    public async Task<(long Added, long Removed)> EvaluateAsync(IReadOnlyCollection<long> customerIds, CancellationToken ct)
    {
        var rules = await db.Rules.AsNoTracking().Where(r => r.Enabled).ToListAsync(ct);
        if (rules.Count == 0 || customerIds.Count == 0)
        {
            return (0, 0);
        }

        var snapshot = (await engine.IndexAsync(db.Tenant.RequiredTenantId, ct)).Current;
        var ordinals = customerIds.Select(snapshot.OrdinalOf).OfType<int>().Order().ToArray();
        if (ordinals.Length == 0)
        {
            return (0, 0);
        }

        var within = RoaringBitmap.FromSorted(ordinals);
        var saved = await evaluator.SavedSegmentsAsync(ct);
        var now = clock.UtcNow();
        long added = 0, removed = 0;
        foreach (var group in RuleEvaluator.Groups(rules, snapshot.Catalog))
        {
            var evaluation = RuleEvaluator.Evaluate(snapshot, group, saved, now, within);
            if (evaluation.AddCount + evaluation.RemoveCount > 0)
            {
                var (a, r) = await writer.ApplyAsync(evaluation, ct);
                added += a;
                removed += r;
            }
        }

        return (added, removed);
    }
}
