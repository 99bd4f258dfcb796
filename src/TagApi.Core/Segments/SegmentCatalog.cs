using Microsoft.EntityFrameworkCore;
using TagApi.Core.Data;
using TagApi.Core.Segments.Query;

namespace TagApi.Core.Segments;

/// <summary>Loads the names a query may use in the current tenant: tag keys (and merged-away aliases), categories and saved segments.</summary>
public static class SegmentCatalog
{
    public static async Task<SegmentQueryCatalog> LoadAsync(TagApiDbContext db, CancellationToken ct)
    {
        var tags = await db.Tags.AsNoTracking().Select(t => t.Key).ToListAsync(ct);
        var aliases = await db.TagAliases.AsNoTracking().Select(a => a.Key).ToListAsync(ct);
        var categories = await db.TagCategories.AsNoTracking().Select(c => c.Key).ToListAsync(ct);
        var segments = await db.Segments.AsNoTracking().Select(s => s.Key).ToListAsync(ct);
        return new SegmentQueryCatalog(tags.Concat(aliases), categories, segments);
    }
}
