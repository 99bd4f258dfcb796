using Microsoft.EntityFrameworkCore;
using TagApi.Core.Common;
using TagApi.Core.Customers;
using TagApi.Core.Data;
using TagApi.Core.Tags;

namespace TagApi.Core.TagAssignments;

/// <summary>
/// One customer with its current tags, in one round trip, with the same rules as
/// <see cref="CustomerTagService"/> (expired tags are gone for the reader): the API's most frequent
/// read, so it runs on the <see cref="HotReadContext"/>.
/// </summary>
public sealed class CustomerWithTagsReads(HotReadContext reads, TimeProvider clock)
{
    /// <summary>
    /// One customer with its current tag keys (in tag id order, as REST lists them), read in one
    /// round trip: the single most common read, so it does not pay for two.
    /// </summary>
    public async Task<(Customer Customer, IReadOnlyList<string> TagKeys)> GetWithTagKeysAsync(string id, CancellationToken ct)
    {
        var row = await WithTagKeys.For(reads.Db)(reads.Db, CustomerKey(id), clock.UtcNow(), ct) ?? throw new NotFoundException("Customer", id);
        return (row.Customer, row.Keys);
    }

    /// <summary>
    /// Some customers with their current tag keys (as <see cref="GetWithTagKeysAsync"/> gives them), in id order: a page
    /// of segment members. Two statements (the customers, then their tags), so a customer's columns travel once rather
    /// than once per tag. Ids that no longer exist are left out.
    /// </summary>
    public async Task<List<CustomerWithTagKeysAt>> ManyWithTagKeysAsync(IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        var now = clock.UtcNow();
        var rows = new List<CustomerWithTagKeysAt>(ids.Count);
        await foreach (var row in ManyWithTagKeys.For(reads.Db)(reads.Db, [.. ids], now).WithCancellation(ct))
        {
            var expiries = row.Tags.Where(t => t.ExpiresAt is not null).Select(t => t.ExpiresAt!.Value);
            rows.Add(new CustomerWithTagKeysAt(row.Customer, [.. row.Tags.Select(t => t.Key)], expiries.DefaultIfEmpty(DateTime.MaxValue).Min()));
        }

        return rows;
    }

    /// <summary>
    /// One customer with its current tags (with each tag, and its category when asked for, in <see cref="CustomerTagReads.CurrentAsync"/>'s
    /// order), in one round trip.
    /// </summary>
    public async Task<(Customer Customer, IReadOnlyList<TagAssignment> Tags)> GetWithCurrentAsync(string id, bool withCategories, CancellationToken ct)
    {
        var query = (withCategories ? WithCurrent : WithCurrentTagsOnly).For(reads.Db);
        var row = await query(reads.Db, CustomerKey(id), clock.UtcNow(), ct) ?? throw new NotFoundException("Customer", id);
        return (row.Customer, row.Tags);
    }

    /// <summary>
    /// One customer with its current tags as <see cref="GetWithCurrentAsync"/> orders them, each tag read for its id and key
    /// only, in one round trip: for readers that ask nothing else of the tags (GraphQL <c>tags { tag { key } }</c>), so the
    /// tag rows are neither sent nor materialised whole. Each tag's other members are empty: the caller guarantees they are not read.
    /// </summary>
    public async Task<(Customer Customer, IReadOnlyList<TagAssignment> Tags)> GetWithCurrentTagKeysAsync(string id, CancellationToken ct)
    {
        var row = await WithCurrentTagKeys.For(reads.Db)(reads.Db, CustomerKey(id), clock.UtcNow(), ct) ?? throw new NotFoundException("Customer", id);
        var tags = new TagAssignment[row.Tags.Count];
        for (var i = 0; i < tags.Length; i++)
        {
            var t = row.Tags[i];
            tags[i] = new TagAssignment
            {
                TenantId = row.Customer.TenantId, CustomerId = row.Customer.Id, TagId = t.TagId, Source = t.Source, SourceRef = t.SourceRef,
                AssignedAt = t.AssignedAt, ExpiresAt = t.ExpiresAt,
                Tag = new Tag { Id = t.TagId, TenantId = row.Customer.TenantId, Key = t.Key, Name = string.Empty },
            };
        }

        return (row.Customer, tags);
    }

    // The reads above are the hottest in the API (benchmark W6). Compiled once, they skip EF's
    // per-call expression work (parameter extraction, cache-key hashing of the whole tree). The tenant
    // filters still apply: EF reads the filter's tenant from the context each call runs on. A tag's key is read by a
    // scalar subquery, not through the navigation: a join inside the assignments' subquery keeps SQLite from pushing
    // the customer into it, so it read every assignment of the tenant for one customer. Where whole tags are read (with
    // their category), the join stays, and the subquery names the customer itself (a.CustomerId == key beside the
    // correlation), which SQLite then answers from the customer's assignments alone.
    private static readonly CompiledQuery<Func<TagApiDbContext, long, DateTime, CancellationToken, Task<CustomerWithTagKeys?>>> WithTagKeys = new(() =>
        EF.CompileAsyncQuery((TagApiDbContext db, long key, DateTime now, CancellationToken ct) => db.Customers.AsNoTracking().Where(c => c.Id == key)
            .Select(c => new CustomerWithTagKeys(
                c,
                db.TagAssignments.Where(a => a.CustomerId == c.Id && (a.ExpiresAt == null || a.ExpiresAt > now)).OrderBy(a => a.TagId).Select(a => db.Tags.Where(t => t.Id == a.TagId).Select(t => t.Key).First()).ToList()))
            .FirstOrDefault()));

    private static readonly CompiledQuery<Func<TagApiDbContext, long[], DateTime, IAsyncEnumerable<CustomerWithExpiringKeys>>> ManyWithTagKeys = new(() =>
        EF.CompileAsyncQuery((TagApiDbContext db, long[] ids, DateTime now) => db.Customers.AsNoTracking().AsSplitQuery().Where(c => ids.Contains(c.Id)).OrderBy(c => c.Id)
            .Select(c => new CustomerWithExpiringKeys(
                c,
                db.TagAssignments.Where(a => a.CustomerId == c.Id && (a.ExpiresAt == null || a.ExpiresAt > now)).OrderBy(a => a.TagId)
                    .Select(a => new ExpiringKey(db.Tags.Where(t => t.Id == a.TagId).Select(t => t.Key).First(), a.ExpiresAt)).ToList()))));

    private static readonly CompiledQuery<Func<TagApiDbContext, long, DateTime, CancellationToken, Task<CustomerWithTags?>>> WithCurrent = new(() =>
        EF.CompileAsyncQuery((TagApiDbContext db, long key, DateTime now, CancellationToken ct) => db.Customers.AsNoTracking().Where(c => c.Id == key)
            .Select(c => new CustomerWithTags(
                c,
                db.TagAssignments.Include(a => a.Tag).ThenInclude(t => t!.Category)
                    .Where(a => a.CustomerId == c.Id && a.CustomerId == key && (a.ExpiresAt == null || a.ExpiresAt > now))
                    .OrderBy(a => a.AssignedAt).ThenBy(a => a.TagId).ToList()))
            .FirstOrDefault()));

    private static readonly CompiledQuery<Func<TagApiDbContext, long, DateTime, CancellationToken, Task<CustomerWithTags?>>> WithCurrentTagsOnly = new(() =>
        EF.CompileAsyncQuery((TagApiDbContext db, long key, DateTime now, CancellationToken ct) => db.Customers.AsNoTracking().Where(c => c.Id == key)
            .Select(c => new CustomerWithTags(
                c,
                db.TagAssignments.Include(a => a.Tag)
                    .Where(a => a.CustomerId == c.Id && a.CustomerId == key && (a.ExpiresAt == null || a.ExpiresAt > now))
                    .OrderBy(a => a.AssignedAt).ThenBy(a => a.TagId).ToList()))
            .FirstOrDefault()));

    private static readonly CompiledQuery<Func<TagApiDbContext, long, DateTime, CancellationToken, Task<CustomerWithAssignedKeys?>>> WithCurrentTagKeys = new(() =>
        EF.CompileAsyncQuery((TagApiDbContext db, long key, DateTime now, CancellationToken ct) => db.Customers.AsNoTracking().Where(c => c.Id == key)
            .Select(c => new CustomerWithAssignedKeys(
                c,
                db.TagAssignments
                    .Where(a => a.CustomerId == c.Id && (a.ExpiresAt == null || a.ExpiresAt > now))
                    .OrderBy(a => a.AssignedAt).ThenBy(a => a.TagId)
                    .Select(a => new AssignedKey(a.TagId, db.Tags.Where(t => t.Id == a.TagId).Select(t => t.Key).First(), a.Source, a.SourceRef, a.AssignedAt, a.ExpiresAt)).ToList()))
            .FirstOrDefault()));

    private sealed record CustomerWithTagKeys(Customer Customer, List<string> Keys);

    private sealed record CustomerWithExpiringKeys(Customer Customer, List<ExpiringKey> Tags);

    private sealed record ExpiringKey(string Key, DateTime? ExpiresAt);

    private sealed record CustomerWithTags(Customer Customer, List<TagAssignment> Tags);

    private sealed record CustomerWithAssignedKeys(Customer Customer, List<AssignedKey> Tags);

    private sealed record AssignedKey(long TagId, string Key, TagSource Source, string? SourceRef, DateTime AssignedAt, DateTime? ExpiresAt);

    private static long CustomerKey(string id) =>
        PublicId.TryDecode(IdPrefixes.Customer, id, out var key) ? key : throw new NotFoundException("Customer", id);
}

/// <summary>A customer with its current tag keys, as read at one moment.</summary>
/// <param name="Customer">The customer's row.</param>
/// <param name="TagKeys">Its current tag keys, in tag id order.</param>
/// <param name="KeysValidUntil">When the first of those tags expires (<see cref="DateTime.MaxValue"/> when none does): the keys hold until then.</param>
public sealed record CustomerWithTagKeysAt(Customer Customer, IReadOnlyList<string> TagKeys, DateTime KeysValidUntil);
