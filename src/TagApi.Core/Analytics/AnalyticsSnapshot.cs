using TagApi.Core.Data;
using TagApi.Core.Segments.Engine;

namespace TagApi.Core.Analytics;

/// <summary>The tenant's current index state, the one source of every count analytics gives.</summary>
public sealed class AnalyticsSnapshot(TagApiDbContext db, SegmentEngine engine)
{
    public async Task<IndexSnapshot> CurrentAsync(CancellationToken ct) => (await engine.IndexAsync(db.Tenant.RequiredTenantId, ct)).Current;
}
