using Microsoft.EntityFrameworkCore;
using TagApi.Core.Common;
using TagApi.Core.Customers;
using TagApi.Core.Data;

namespace TagApi.Core.TagAssignments;

/// <summary>
/// Reads the current tags and the newest ledger lines of many customers at once (one query
/// each), with the same rules as <see cref="CustomerTagService"/>: expired tags are gone for the reader.
/// </summary>
public sealed class CustomerTagReads(TagApiDbContext db, TimeProvider clock)
{
    /// <summary>
    /// One customer with its current tag keys (in tag id order, as REST lists them), read in one
    /// round trip: the single most common read, so it does not pay for two.
    /// </summary>
    public async Task<(Customer Customer, IReadOnlyList<string> TagKeys)> GetWithTagKeysAsync(string id, CancellationToken ct)
    {
        var row = await WithTagKeys.For(db)(db, CustomerKey(id), clock.UtcNow(), ct) ?? throw new NotFoundException("Customer", id);
        return (row.Customer, row.Keys);
    }

    /// <summary>
    /// One customer with its current tags (with each tag, and its category when asked for, in <see cref="CurrentAsync"/>'s
    /// order), in one round trip.
    /// </summary>
    public async Task<(Customer Customer, IReadOnlyList<TagAssignment> Tags)> GetWithCurrentAsync(string id, bool withCategories, CancellationToken ct)
    {
        var query = (withCategories ? WithCurrent : WithCurrentTagsOnly).For(db);
        var row = await query(db, CustomerKey(id), clock.UtcNow(), ct) ?? throw new NotFoundException("Customer", id);
        return (row.Customer, row.Tags);
    }

    // The two reads above are the hottest in the API (benchmark W6). Compiled once, they skip EF's
    // per-call expression work (parameter extraction, cache-key hashing of the whole tree). The tenant
    // filters still apply: EF reads the filter's tenant from the context each call runs on.
    private static readonly CompiledQuery<Func<TagApiDbContext, long, DateTime, CancellationToken, Task<CustomerWithTagKeys?>>> WithTagKeys = new(() =>
        EF.CompileAsyncQuery((TagApiDbContext db, long key, DateTime now, CancellationToken ct) => db.Customers.AsNoTracking().Where(c => c.Id == key)
            .Select(c => new CustomerWithTagKeys(
                c,
                db.TagAssignments.Where(a => a.CustomerId == c.Id && (a.ExpiresAt == null || a.ExpiresAt > now)).OrderBy(a => a.TagId).Select(a => a.Tag!.Key).ToList()))
            .FirstOrDefault()));

    private static readonly CompiledQuery<Func<TagApiDbContext, long, DateTime, CancellationToken, Task<CustomerWithTags?>>> WithCurrent = new(() =>
        EF.CompileAsyncQuery((TagApiDbContext db, long key, DateTime now, CancellationToken ct) => db.Customers.AsNoTracking().Where(c => c.Id == key)
            .Select(c => new CustomerWithTags(
                c,
                db.TagAssignments.Include(a => a.Tag).ThenInclude(t => t!.Category)
                    .Where(a => a.CustomerId == c.Id && (a.ExpiresAt == null || a.ExpiresAt > now))
                    .OrderBy(a => a.AssignedAt).ThenBy(a => a.TagId).ToList()))
            .FirstOrDefault()));

    private static readonly CompiledQuery<Func<TagApiDbContext, long, DateTime, CancellationToken, Task<CustomerWithTags?>>> WithCurrentTagsOnly = new(() =>
        EF.CompileAsyncQuery((TagApiDbContext db, long key, DateTime now, CancellationToken ct) => db.Customers.AsNoTracking().Where(c => c.Id == key)
            .Select(c => new CustomerWithTags(
                c,
                db.TagAssignments.Include(a => a.Tag)
                    .Where(a => a.CustomerId == c.Id && (a.ExpiresAt == null || a.ExpiresAt > now))
                    .OrderBy(a => a.AssignedAt).ThenBy(a => a.TagId).ToList()))
            .FirstOrDefault()));

    private sealed record CustomerWithTagKeys(Customer Customer, List<string> Keys);

    private sealed record CustomerWithTags(Customer Customer, List<TagAssignment> Tags);

    private static long CustomerKey(string id) =>
        PublicId.TryDecode(IdPrefixes.Customer, id, out var key) ? key : throw new NotFoundException("Customer", id);

    /// <summary>Each customer's current tags (with tag and category), in the order they were assigned.</summary>
    public async Task<IReadOnlyDictionary<long, IReadOnlyList<TagAssignment>>> CurrentAsync(IReadOnlyCollection<long> customerIds, CancellationToken ct)
    {
        var now = clock.UtcNow();
        var rows = await db.TagAssignments.AsNoTracking().Include(a => a.Tag).ThenInclude(t => t!.Category)
            .Where(a => customerIds.Contains(a.CustomerId) && (a.ExpiresAt == null || a.ExpiresAt > now))
            .OrderBy(a => a.AssignedAt).ThenBy(a => a.TagId)
            .ToListAsync(ct);
        var byCustomer = rows.ToLookup(a => a.CustomerId);
        return customerIds.ToDictionary(c => c, c => (IReadOnlyList<TagAssignment>)byCustomer[c].ToList());
    }

    /// <summary>The first page of each customer's ledger, newest first, as <see cref="CustomerTagService.HistoryAsync"/> pages it.</summary>
    public async Task<IReadOnlyDictionary<long, Page<TagHistoryEntry>>> NewestHistoryAsync(IReadOnlyCollection<long> customerIds, int limit, CancellationToken ct)
    {
        // One query: the newest limit + 1 lines of each customer (a lateral join or a row-number window, per provider).
        var rows = await db.Customers.AsNoTracking()
            .Where(c => customerIds.Contains(c.Id))
            .SelectMany(c => db.TagHistory.AsNoTracking().Where(h => h.CustomerId == c.Id).OrderByDescending(h => h.Id).Take(limit + 1))
            .ToListAsync(ct);
        var byCustomer = rows.ToLookup(h => h.CustomerId);
        return customerIds.ToDictionary(c => c, c => Page<TagHistoryEntry>.FromOverfetch(byCustomer[c].OrderByDescending(h => h.Id).ToList(), limit));
    }
}
