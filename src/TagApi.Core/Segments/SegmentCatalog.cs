using Microsoft.EntityFrameworkCore;
using TagApi.Core.Data;
using TagApi.Core.Segments.Engine;
using TagApi.Core.Segments.Query;

namespace TagApi.Core.Segments;

/// <summary>
/// The names a query may use in the current tenant: tag keys (and merged-away aliases) and
/// categories from the in-memory index, which every commit keeps current, and saved segments
/// from the database — one small read per query instead of four.
/// </summary>
public static class SegmentCatalog
{
    public static async Task<SegmentQueryCatalog> LoadAsync(TagApiDbContext db, SegmentEngine engine, CancellationToken ct)
    {
        var catalog = (await engine.IndexAsync(db.Tenant.RequiredTenantId, ct)).Current.Catalog;
        var segments = await db.Segments.AsNoTracking().Select(s => s.Key).ToListAsync(ct);
        return new SegmentQueryCatalog(catalog.TagKeys, catalog.CategoryKeys, segments);
    }

    /// <summary>Every saved segment's parsed query by key, for compiling queries that name segments.</summary>
    public static async Task<Dictionary<string, QueryNode>> SavedQueriesAsync(TagApiDbContext db, CancellationToken ct) =>
        (await db.Segments.AsNoTracking().Select(s => new { s.Key, s.Query }).ToListAsync(ct))
            .ToDictionary(s => s.Key, s => SegmentQueryParser.Parse(s.Query), StringComparer.Ordinal);
}
