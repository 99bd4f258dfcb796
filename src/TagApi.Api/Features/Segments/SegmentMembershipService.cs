using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TagApi.Api.Common;
using TagApi.Core.Common;
using TagApi.Core.Data;
using TagApi.Core.Segments.Membership;
using TagApi.Core.Tenancy;

namespace TagApi.Api.Features.Segments;

/// <summary>
/// Announces segment entries and exits. Customers changed on this instance are projected within
/// moments (<see cref="SegmentOptions.MembershipDelayMilliseconds"/>); every segment is also
/// projected in full when its query changed, when it is new (the silent baseline) and at least every
/// <see cref="SegmentOptions.MembershipRefreshSeconds"/> — which is what moves customers across
/// relative dates and activity windows as time passes, and catches other instances' writes and
/// anything a crash interrupted. The due segments are looked for every
/// <see cref="SegmentOptions.MembershipSchedulerSeconds"/>.
/// </summary>
public sealed class SegmentMembershipService(
    MembershipTriggers triggers, IServiceScopeFactory scopes, TimeProvider clock, IOptions<SegmentOptions> options, ILogger<SegmentMembershipService> logger)
    : ChangeFollowingService(
        triggers, scopes, "system:segments",
        TimeSpan.FromMilliseconds(options.Value.MembershipDelayMilliseconds),
        TimeSpan.FromSeconds(options.Value.MembershipSchedulerSeconds),
        logger)
{
    private readonly TimeSpan _refresh = TimeSpan.FromSeconds(options.Value.MembershipRefreshSeconds);

    protected override async Task HandleChangesAsync(IServiceProvider tenantServices, IReadOnlyCollection<long> customerIds, CancellationToken ct)
    {
        var segmentIds = await tenantServices.GetRequiredService<TagApiDbContext>().Segments.AsNoTracking()
            .Where(s => s.MembersSyncedAt != null).Select(s => s.Id).ToListAsync(ct);
        var projector = tenantServices.GetRequiredService<MembershipProjector>();
        var busy = false;
        foreach (var segmentId in segmentIds)
        {
            busy |= await projector.ProjectAsync(segmentId, customerIds, ct) is null;
        }

        if (busy)
        {
            // A full run holds a segment right now: look at these customers again shortly.
            triggers.CustomersChanged(tenantServices.GetRequiredService<TenantContext>().RequiredTenantId, customerIds);
        }
    }

    /// <summary>Projects every segment that is new, redefined or due for its refresh, across tenants.</summary>
    public override async Task RunPeriodicPassAsync(CancellationToken ct)
    {
        List<(long Id, long TenantId)> due;
        await using (var scope = Scopes.CreateAsyncScope())
        {
            var stale = clock.UtcNow() - _refresh;
            due = (await scope.ServiceProvider.GetRequiredService<TagApiDbContext>().Segments.IgnoreQueryFilters().AsNoTracking()
                    .Where(s => s.MembersSyncedAt == null || s.MembersSyncedAt < s.UpdatedAt || s.MembersSyncedAt <= stale)
                    .OrderBy(s => s.MembersSyncedAt)
                    .Select(s => new { s.Id, s.TenantId })
                    .ToListAsync(ct))
                .Select(s => (s.Id, s.TenantId)).ToList();
        }

        foreach (var (id, tenantId) in due)
        {
            await using var scope = TenantScope(tenantId);
            await scope.ServiceProvider.GetRequiredService<MembershipProjector>().ProjectAsync(id, customerIds: null, ct);
        }
    }
}
