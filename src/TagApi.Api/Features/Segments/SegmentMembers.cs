using Microsoft.EntityFrameworkCore;
using TagApi.Api.Common;
using TagApi.Api.Features.Customers;
using TagApi.Core.Common;
using TagApi.Core.Customers;
using TagApi.Core.Data;
using TagApi.Core.Segments;
using TagApi.Core.TagAssignments;
using TagApi.Core.Tenancy;

namespace TagApi.Api.Features.Segments;

/// <summary>Turns member ids from the index into customer responses and signed cursors.</summary>
public sealed class SegmentMembers(
    TagApiDbContext db, SegmentEvaluation evaluation, CustomerWithTagsReads reads, MemberRowCache cache, CustomerResponseMapper mapper, CursorCodec cursors,
    TenantContext tenant, TimeProvider clock)
{
    public const string CursorList = "segment-members";

    public async Task<(SegmentPage Page, IReadOnlyList<CustomerResponse> Data, string? NextCursor)> PageAsync(
        CheckedQuery query, int? limit, string? cursor, bool withCount, CancellationToken ct)
    {
        var (page, next) = await PageIdsAsync(query, CheckedLimit(limit), cursor, withCount, ct);
        var customers = await MembersWithTagKeysAsync(page, ct);
        return (page, customers.Select(c => mapper.One(c.Customer, c.TagKeys)).ToList(), next);
    }

    /// <summary>The same page as customer entities, for transports that map them themselves (GraphQL).</summary>
    public async Task<(SegmentPage Page, IReadOnlyList<Customer> Customers, string? NextCursor)> PageCustomersAsync(
        CheckedQuery query, int? limit, string? cursor, bool withCount, CancellationToken ct)
    {
        var (page, next) = await PageIdsAsync(query, CheckedLimit(limit), cursor, withCount, ct);
        return (page, await CustomersInIdOrderAsync(page.CustomerIds, ct), next);
    }

    /// <summary>A page already decoded from cursors (GraphQL's first/after or last/before), as customer entities in id order.</summary>
    public async Task<(SegmentPage Page, IReadOnlyList<Customer> Customers)> PageCustomersAsync(CheckedQuery query, PageRequest request, bool withCount, CancellationToken ct)
    {
        var page = await evaluation.PageAsync(query, request, withCount, ct);
        return (page, await CustomersInIdOrderAsync(page.CustomerIds, ct));
    }

    private async Task<List<Customer>> CustomersInIdOrderAsync(IReadOnlyList<long> ids, CancellationToken ct) =>
        ids.Count == 0 ? [] : await db.Customers.AsNoTracking().Where(c => ids.Contains(c.Id)).OrderBy(c => c.Id).ToListAsync(ct);

    // The page's customers in its order: those the cache holds at the index's version, the rest (and ids gone since)
    // read from the database with their tag keys.
    private async Task<List<CustomerWithTagKeysAt>> MembersWithTagKeysAsync(SegmentPage page, CancellationToken ct)
    {
        // Only a count answered by SQL comes without a catalog, and it lists no members.
        var ids = page.CustomerIds;
        if (ids.Count == 0 || page.Catalog is not { } catalog)
        {
            return [];
        }

        var tenantId = tenant.RequiredTenantId;
        var now = clock.UtcNow();
        var found = new CustomerWithTagKeysAt?[ids.Count];
        var missing = new List<long>();
        for (var i = 0; i < ids.Count; i++)
        {
            found[i] = cache.Find(tenantId, ids[i], page.Versions[i], catalog, now);
            if (found[i] is null)
            {
                missing.Add(ids[i]);
            }
        }

        if (missing.Count > 0)
        {
            var read = (await reads.ManyWithTagKeysAsync(missing, ct)).ToDictionary(r => r.Customer.Id);
            for (var i = 0; i < ids.Count; i++)
            {
                if (found[i] is null && read.TryGetValue(ids[i], out var row))
                {
                    cache.Keep(tenantId, row, catalog);
                    found[i] = row;
                }
            }
        }

        return [.. found.OfType<CustomerWithTagKeysAt>()];
    }

    private static int CheckedLimit(int? limit)
    {
        var size = limit ?? PageRequest.DefaultLimit;
        return size is < 0 or > PageRequest.MaxLimit ? throw new ValidationFailedException("limit", $"limit is between 0 and {PageRequest.MaxLimit}.") : size;
    }

    // The page's member ids from the index, and the cursor after them.
    private async Task<(SegmentPage Page, string? NextCursor)> PageIdsAsync(CheckedQuery query, int size, string? cursor, bool withCount, CancellationToken ct)
    {
        long? after = string.IsNullOrEmpty(cursor) ? null : cursors.Decode(CursorList, tenant.RequiredTenantId, cursor);
        var page = await evaluation.PageAsync(query, new PageRequest(size, after), withCount, ct);
        var ids = page.CustomerIds;
        return (page, page.HasMore && ids.Count > 0 ? cursors.Encode(CursorList, tenant.RequiredTenantId, ids[^1]) : null);
    }
}
