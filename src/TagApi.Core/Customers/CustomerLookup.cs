using Microsoft.EntityFrameworkCore;
using TagApi.Core.Common;
using TagApi.Core.Data;
using TagApi.Core.TagAssignments;
using TagApi.Core.TagCategories;
using TagApi.Core.Tags;

namespace TagApi.Core.Customers;

/// <summary>Finds customers by public id or external id inside the current tenant.</summary>
public sealed class CustomerLookup(TagApiDbContext db, TimeProvider clock)
{
    public async Task<Customer> GetAsync(string id, CancellationToken ct, bool track = false)
    {
        if (!PublicId.TryDecode(IdPrefixes.Customer, id, out var key))
        {
            throw new NotFoundException("Customer", id);
        }

        var query = (track ? TrackedById : ById).For(db);
        return await query(db, key, ct) ?? throw new NotFoundException("Customer", id);
    }

    public Task<Customer?> FindByExternalIdAsync(string externalId, CancellationToken ct) =>
        db.Customers.AsNoTracking().FirstOrDefaultAsync(c => c.ExternalId == externalId, ct);

    /// <summary>
    /// The customer by external id, tracked, with its current tag keys (in tag id order), in one round trip: an upsert
    /// changes no tags, so what it answers with is read with the row it changes instead of after the save.
    /// </summary>
    public async Task<(Customer Customer, IReadOnlyList<string> TagKeys)?> FindTrackedWithTagKeysAsync(string externalId, CancellationToken ct) =>
        await TrackedWithTagKeys.For(db)(db, externalId, clock.UtcNow(), ct) is { } row ? (row.Customer, row.Keys) : null;

    /// <summary>
    /// The customer by public id, tracked, with every assignment it holds (tracked, with tag and category), in one round
    /// trip: a change to its tags stages over these and answers with them.
    /// </summary>
    public async Task<(Customer Customer, List<TagAssignment> Held)> GetTrackedWithHoldingsAsync(string id, CancellationToken ct)
    {
        if (!PublicId.TryDecode(IdPrefixes.Customer, id, out var key) || await TrackedWithHoldings.For(db)(db, key, ct) is not { } row)
        {
            throw new NotFoundException("Customer", id);
        }

        // The tracked query fixed up each assignment's tag and each tag's category from the rows read with them.
        return (row.Customer, [.. row.Held.Select(h => h.Assignment)]);
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
            : await db.ReadCustomerIdsByExternalIdAsync(externals, ct);
        return (byId, byExternalId);
    }

    // Compiled: the lookup by id starts every change of a customer, and EF's per-call expression work was a visible part of it.
    private static readonly CompiledQuery<Func<TagApiDbContext, long, CancellationToken, Task<Customer?>>> ById = new(() =>
        EF.CompileAsyncQuery((TagApiDbContext db, long key, CancellationToken ct) => db.Customers.AsNoTracking().FirstOrDefault(c => c.Id == key)));

    private static readonly CompiledQuery<Func<TagApiDbContext, long, CancellationToken, Task<Customer?>>> TrackedById = new(() =>
        EF.CompileAsyncQuery((TagApiDbContext db, long key, CancellationToken ct) => db.Customers.FirstOrDefault(c => c.Id == key)));

    // The key by a scalar subquery, as CustomerWithTagsReads reads it (a join there makes SQLite read the tenant's every assignment).
    private static readonly CompiledQuery<Func<TagApiDbContext, string, DateTime, CancellationToken, Task<CustomerAndKeys?>>> TrackedWithTagKeys = new(() =>
        EF.CompileAsyncQuery((TagApiDbContext db, string externalId, DateTime now, CancellationToken ct) => db.Customers.Where(c => c.ExternalId == externalId)
            .Select(c => new CustomerAndKeys(
                c,
                db.TagAssignments.Where(a => a.CustomerId == c.Id && (a.ExpiresAt == null || a.ExpiresAt > now)).OrderBy(a => a.TagId).Select(a => db.Tags.Where(t => t.Id == a.TagId).Select(t => t.Key).First()).ToList()))
            .FirstOrDefault()));

    // The assignments are joined to the customer row (SQLite has no lateral join for a subquery that is not) and also
    // filtered by the key itself, which stays inside the joined subquery, so SQLite reads only this customer's rows.
    private static readonly CompiledQuery<Func<TagApiDbContext, long, CancellationToken, Task<CustomerAndHoldings?>>> TrackedWithHoldings = new(() =>
        EF.CompileAsyncQuery((TagApiDbContext db, long key, CancellationToken ct) => db.Customers.Where(c => c.Id == key)
            .Select(c => new CustomerAndHoldings(
                c,
                db.TagAssignments.Where(a => a.CustomerId == c.Id && a.CustomerId == key).Select(a => new HeldAssignment(a, a.Tag!, a.Tag!.Category!)).ToList()))
            .FirstOrDefault()));

    private sealed record CustomerAndKeys(Customer Customer, List<string> Keys);

    private sealed record CustomerAndHoldings(Customer Customer, List<HeldAssignment> Held);

    private sealed record HeldAssignment(TagAssignment Assignment, Tag Tag, TagCategory Category);
}
