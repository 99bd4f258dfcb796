using Microsoft.EntityFrameworkCore;
using TagApi.Core.Data;

namespace TagApi.Core.Segments.Snapshots;

/// <summary>Who a tenant is for its snapshot files: its id with its creation time, which another database's tenant of the same id lacks.</summary>
public static class SnapshotTenant
{
    /// <summary>When the tenant was created (UTC); null when it no longer exists.</summary>
    public static async Task<DateTime?> CreatedAtAsync(TagApiDbContext db, long tenantId, CancellationToken ct) =>
        await db.Tenants.AsNoTracking().Where(t => t.Id == tenantId).Select(t => (DateTime?)t.CreatedAt).FirstOrDefaultAsync(ct) is { } at
            ? DateTime.SpecifyKind(at, DateTimeKind.Utc)
            : null;
}
