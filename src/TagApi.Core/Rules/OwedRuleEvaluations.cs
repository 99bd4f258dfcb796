using Microsoft.EntityFrameworkCore;
using TagApi.Core.Common;
using TagApi.Core.Data;

namespace TagApi.Core.Rules;

/// <summary>
/// The rule workers' side of <see cref="OwedRuleEvaluation"/>: settling rows once their customers are evaluated, and
/// claiming rows nobody holds (their instance died, failed, or ran no rule worker) so that any instance evaluates them.
/// Cross-tenant by design, like the workers that use it.
/// </summary>
public static class OwedRuleEvaluations
{
    /// <summary>Deletes owed rows whose customers have been evaluated (by whoever holds them now: the debt is paid).</summary>
    public static async Task SettleAsync(TagApiDbContext db, IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        foreach (var chunk in ids.Chunk(500))
        {
            await db.DeleteSettledOwedAsync(chunk, ct);
        }
    }

    /// <summary>
    /// Claims up to <paramref name="batchSize"/> rows whose hold has lapsed (or was never taken), oldest first, holding
    /// them until <paramref name="now"/> + <paramref name="lease"/>, and returns them. Two workers claiming at once never
    /// both take a row: the update re-checks the lapse under the row's lock, and each claim reads back only its token.
    /// </summary>
    public static async Task<List<OwedRuleEvaluation>> ClaimLapsedAsync(TagApiDbContext db, DateTime now, TimeSpan lease, int batchSize, CancellationToken ct)
    {
        var candidates = await db.OwedRuleEvaluations.AsNoTracking()
            .Where(o => o.LeaseUntil == null || o.LeaseUntil < now)
            .OrderBy(o => o.CreatedAt).Select(o => o.Id).Take(batchSize).ToListAsync(ct);
        if (candidates.Count == 0)
        {
            return [];
        }

        var token = Leases.NewToken();
        var until = now + lease;
        await db.OwedRuleEvaluations
            .Where(o => candidates.Contains(o.Id) && (o.LeaseUntil == null || o.LeaseUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.LeaseOwner, token).SetProperty(o => o.LeaseUntil, until), ct);
        return await db.OwedRuleEvaluations.AsNoTracking().Where(o => candidates.Contains(o.Id) && o.LeaseOwner == token).ToListAsync(ct);
    }
}
