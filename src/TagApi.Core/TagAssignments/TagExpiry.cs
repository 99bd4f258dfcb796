using Microsoft.EntityFrameworkCore;
using TagApi.Core.Common;
using Microsoft.Extensions.DependencyInjection;
using TagApi.Core.Data;
using TagApi.Core.Tenancy;

namespace TagApi.Core.TagAssignments;

/// <summary>
/// Removes assignments whose expiry has passed, through the one tag-change path, so each removal
/// gets its <c>expired</c> ledger line. Runs per tenant in its own unit of work.
/// </summary>
public sealed class TagExpiry(IServiceScopeFactory scopes, TimeProvider clock)
{
    private const int BatchSize = 500;

    /// <summary>Sweeps every tenant once; returns how many assignments expired.</summary>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        List<long> tenantIds;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TagApiDbContext>();
            var now = clock.UtcNow();
            // Cross-tenant by design: the sweeper looks for work in every tenant, then acts inside each.
            tenantIds = await db.TagAssignments.IgnoreQueryFilters()
                .Where(a => a.ExpiresAt != null && a.ExpiresAt <= now)
                .Select(a => a.TenantId).Distinct().ToListAsync(ct);
        }

        var expired = 0;
        foreach (var tenantId in tenantIds)
        {
            int swept;
            do
            {
                swept = await SweepTenantBatchAsync(tenantId, ct);
                expired += swept;
            }
            while (swept == BatchSize);
        }

        return expired;
    }

    private async Task<int> SweepTenantBatchAsync(long tenantId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenantId, "system:expiry");
        var db = scope.ServiceProvider.GetRequiredService<TagApiDbContext>();
        var writer = scope.ServiceProvider.GetRequiredService<TagChangeWriter>();
        return await db.RunAsync(async () =>
        {
            var now = clock.UtcNow();
            var due = await db.TagAssignments.Include(a => a.Tag)
                .Where(a => a.ExpiresAt != null && a.ExpiresAt <= now)
                .OrderBy(a => a.ExpiresAt).Take(BatchSize).ToListAsync(ct);
            var requests = due.Select(a => TagChangeRequest.Remove(a.CustomerId, a.Tag!)).ToList();
            var origin = new TagChangeOrigin(TagSource.Manual, "system:expiry", "expiry reached", IsExpiry: true);
            await writer.StageAsync(requests, origin, ct);
            await db.SaveChangesAsync(ct);
            return due.Count;
        });
    }
}
