using Microsoft.EntityFrameworkCore;
using TagApi.Core.Data;
using TagApi.Core.Segments.Engine;
using TagApi.Core.Segments.Query;
using TagApi.Core.Segments.SqlCounts;

namespace TagApi.Core.Segments;

/// <summary>
/// The names a query may use in the current tenant: tag keys (and merged-away aliases) and
/// categories from the in-memory index, which every commit keeps current, and saved segments
/// from the database — read only for a query that names one, so most queries are checked without a database read.
/// </summary>
public static class SegmentCatalog
{
    public static async Task<SegmentQueryCatalog> LoadAsync(TagApiDbContext db, SegmentEngine engine, SegmentEngineSettings settings, QueryNode query, CancellationToken ct)
    {
        // With SQL answering counts a query must not build the tenant's index just to check its names: for a tenant of
        // millions that would hold gigabytes the count never reads. The tag structure is a few small reads instead.
        var tenantId = db.Tenant.RequiredTenantId;
        var catalog = settings.Engine == SegmentEngineKind.Sql && !engine.IsLoaded(tenantId)
            ? await IndexLoader.LoadCatalogAsync(db, ct)
            : (await engine.IndexAsync(tenantId, ct)).Current.Catalog;
        // Every key, not only those named: an unknown one is answered with the closest existing key.
        List<string> segments = QueryReferences.Of(query).SegmentKeys.Count == 0 ? [] : await db.Segments.AsNoTracking().Select(s => s.Key).ToListAsync(ct);
        return new SegmentQueryCatalog(catalog.TagKeys, catalog.CategoryKeys, segments);
    }

    /// <summary>
    /// Brings the index's tag structure up to date when the database knows a tag or category
    /// <paramref name="query"/> names that <paramref name="catalog"/> lacks; true when it did. The index follows
    /// other instances' commits a moment late, so a tag created on another instance a moment ago is not refused as
    /// unknown. Costs a read only for a name the index lacks: one indexed lookup, and the tag structure again only
    /// when the name exists.
    /// </summary>
    public static async Task<bool> CatchUpAsync(TagApiDbContext db, SegmentEngine engine, QueryNode query, SegmentQueryCatalog catalog, CancellationToken ct)
    {
        var names = QueryReferences.Of(query);
        var tags = names.TagKeys.Where(k => !catalog.TagExists(k)).ToList();
        var categories = names.CategoryKeys.Where(k => !catalog.CategoryExists(k)).ToList();
        if (tags.Count + categories.Count == 0)
        {
            return false;
        }

        var known = (tags.Count > 0 && (await db.Tags.AnyAsync(t => tags.Contains(t.Key), ct) || await db.TagAliases.AnyAsync(a => tags.Contains(a.Key), ct)))
            || (categories.Count > 0 && await db.TagCategories.AnyAsync(c => categories.Contains(c.Key), ct));
        if (known)
        {
            await engine.ApplyChangesAsync(db.Tenant.RequiredTenantId, [], [], catalogChanged: true, ct);
        }

        return known;
    }

    /// <summary>Every saved segment's parsed query by key, for compiling queries that name segments.</summary>
    public static async Task<Dictionary<string, QueryNode>> SavedQueriesAsync(TagApiDbContext db, CancellationToken ct) =>
        (await db.Segments.AsNoTracking().Select(s => new { s.Key, s.Query }).ToListAsync(ct))
            .ToDictionary(s => s.Key, s => SegmentQueryParser.Parse(s.Query), StringComparer.Ordinal);
}
