using Microsoft.EntityFrameworkCore;
using TagApi.Core.Common;
using TagApi.Core.Data;

namespace TagApi.Core.Customers;

/// <summary>Finds customers by public id or external id inside the current tenant.</summary>
public sealed class CustomerLookup(TagApiDbContext db)
{
    public async Task<Customer> GetAsync(string id, CancellationToken ct, bool track = false)
    {
        if (!PublicId.TryDecode(IdPrefixes.Customer, id, out var key))
        {
            throw new NotFoundException("Customer", id);
        }

        var query = track ? db.Customers : db.Customers.AsNoTracking();
        return await query.FirstOrDefaultAsync(c => c.Id == key, ct) ?? throw new NotFoundException("Customer", id);
    }

    public async Task<Customer?> FindByExternalIdAsync(string externalId, CancellationToken ct, bool track = false)
    {
        var query = track ? db.Customers : db.Customers.AsNoTracking();
        return await query.FirstOrDefaultAsync(c => c.ExternalId == externalId, ct);
    }

    /// <summary>Resolves public ids and external ids in two queries; unknown references are absent from the result.</summary>
    public async Task<(Dictionary<string, long> ById, Dictionary<string, long> ByExternalId)> ResolveManyAsync(
        IEnumerable<string> ids, IEnumerable<string> externalIds, CancellationToken ct)
    {
        var decoded = ids.Distinct().Select(id => (id, ok: PublicId.TryDecode(IdPrefixes.Customer, id, out var key), key))
            .Where(x => x.ok).ToList();
        var keys = decoded.Select(x => x.key).ToList();
        var found = keys.Count == 0 ? [] : await db.Customers.Where(c => keys.Contains(c.Id)).Select(c => c.Id).ToListAsync(ct);
        var existing = found.ToHashSet();
        var byId = decoded.Where(x => existing.Contains(x.key)).ToDictionary(x => x.id, x => x.key);

        var externals = externalIds.Distinct().ToList();
        var byExternalId = externals.Count == 0
            ? []
            : await db.Customers.Where(c => externals.Contains(c.ExternalId)).Select(c => new { c.ExternalId, c.Id })
                .ToDictionaryAsync(c => c.ExternalId, c => c.Id, ct);
        return (byId, byExternalId);
    }
}
