using Microsoft.EntityFrameworkCore;
using TagApi.Core.Data;

namespace TagApi.Core.Segments.SqlCounts;

/// <summary>Counts a query's customers with SQL on the database (<see cref="SegmentEngineKind.Sql"/>).</summary>
public sealed class SqlSegmentCounter(TagApiDbContext db)
{
    public async Task<long> CountAsync(CheckedQuery query, CancellationToken ct)
    {
        // The tenant's tags are few (hundreds); reading them per count keeps this mode free of caches to invalidate.
        var tags = await db.Tags.AsNoTracking()
            .Select(t => new SqlTag(t.Id, t.Key, t.Category!.Key, t.ParentId))
            .ToListAsync(ct);
        var predicate = new SqlCountTranslator(db, tags).Translate(query.Root);
        return await db.Customers.AsNoTracking().LongCountAsync(predicate, ct);
    }
}
