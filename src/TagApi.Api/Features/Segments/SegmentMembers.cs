using Microsoft.EntityFrameworkCore;
using TagApi.Api.Common;
using TagApi.Api.Features.Customers;
using TagApi.Core.Common;
using TagApi.Core.Customers;
using TagApi.Core.Data;
using TagApi.Core.Segments;
using TagApi.Core.Tenancy;

namespace TagApi.Api.Features.Segments;

/// <summary>Turns member ids from the index into customer responses and signed cursors.</summary>
public sealed class SegmentMembers(TagApiDbContext db, SegmentEvaluation evaluation, CustomerResponseMapper mapper, CursorCodec cursors, TenantContext tenant)
{
    public const string CursorList = "segment-members";

    public async Task<(SegmentPage Page, IReadOnlyList<CustomerResponse> Data, string? NextCursor)> PageAsync(
        CheckedQuery query, int? limit, string? cursor, bool withCount, CancellationToken ct)
    {
        var (page, customers, next) = await PageCustomersAsync(query, limit, cursor, withCount, ct);
        return (page, await mapper.ManyAsync(customers, ct), next);
    }

    /// <summary>The same page as customer entities, for transports that map them themselves (GraphQL).</summary>
    public async Task<(SegmentPage Page, IReadOnlyList<Customer> Customers, string? NextCursor)> PageCustomersAsync(
        CheckedQuery query, int? limit, string? cursor, bool withCount, CancellationToken ct)
    {
        var size = limit ?? PageRequest.DefaultLimit;
        if (size is < 0 or > PageRequest.MaxLimit)
        {
            throw new ValidationFailedException("limit", $"limit is between 0 and {PageRequest.MaxLimit}.");
        }

        long? after = string.IsNullOrEmpty(cursor) ? null : cursors.Decode(CursorList, tenant.RequiredTenantId, cursor);
        var (page, ordered) = await PageCustomersAsync(query, new PageRequest(size, after), withCount, ct);
        var ids = page.CustomerIds;
        var next = page.HasMore && ids.Count > 0 ? cursors.Encode(CursorList, tenant.RequiredTenantId, ids[^1]) : null;
        return (page, ordered, next);
    }

    /// <summary>A page already decoded from cursors (GraphQL's first/after or last/before), as customer entities in id order.</summary>
    public async Task<(SegmentPage Page, IReadOnlyList<Customer> Customers)> PageCustomersAsync(CheckedQuery query, PageRequest request, bool withCount, CancellationToken ct)
    {
        var page = await evaluation.PageAsync(query, request, withCount, ct);
        var ids = page.CustomerIds;
        var customers = ids.Count == 0 ? [] : await db.Customers.AsNoTracking().Where(c => ids.Contains(c.Id)).ToListAsync(ct);
        return (page, customers.OrderBy(c => c.Id).ToList());
    }
}
