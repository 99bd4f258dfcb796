using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TagApi.Core.Data;

namespace TagApi.Api.Tests.Infrastructure;

/// <summary>
/// A new segment's first projection writes its members silently (no entered events); a test that expects an entered
/// event for a change must wait for that baseline first, or the change may be folded into it.
/// </summary>
public static class SegmentBaselines
{
    // The baseline is internal state: a projection that has run once leaves its sync time on the segment.
    public static Task WrittenAsync(TagApiFactory factory, TenantSession api, string key) =>
        Eventually.WaitForAsync(
            () => factory.InTenantAsync(api.TenantId, services => services.GetRequiredService<TagApiDbContext>().Segments.AsNoTracking().AnyAsync(s => s.Key == key && s.MembersSyncedAt != null)),
            done => done);
}
