using Microsoft.EntityFrameworkCore;
using TagApi.Api.Common;
using TagApi.Core.Common;
using TagApi.Core.Customers;
using TagApi.Core.Data;
using TagApi.Core.Tenancy;

namespace TagApi.Api.Features.Customers;

/// <summary>Builds customer responses with their tag keys (one query per page) and PII shown only to <c>customers:pii</c>.</summary>
public sealed class CustomerResponseMapper(TagApiDbContext db, TenantContext tenant, TimeProvider clock)
{
    public async Task<CustomerResponse> OneAsync(Customer customer, CancellationToken ct) =>
        (await MapperForAsync([customer], ct))(customer);

    /// <summary>The response of a customer whose tag keys are already known.</summary>
    public CustomerResponse One(Customer customer, IReadOnlyList<string> tagKeys) =>
        CustomerResponse.From(customer, tagKeys, tenant.HasScope(Scopes.CustomersPii));

    /// <summary>Responses for customers in the given order.</summary>
    public async Task<IReadOnlyList<CustomerResponse>> ManyAsync(IReadOnlyList<Customer> customers, CancellationToken ct) =>
        customers.Select(await MapperForAsync(customers, ct)).ToList();

    public async Task<ListResponse<CustomerResponse>> PageAsync(Paging paging, string list, Page<Customer> page, CancellationToken ct) =>
        paging.Response(list, page, c => c.Id, await MapperForAsync(page.Items, ct));

    // One tag read for all the customers, then a mapping that needs no further I/O.
    private async Task<Func<Customer, CustomerResponse>> MapperForAsync(IReadOnlyList<Customer> customers, CancellationToken ct)
    {
        var tags = await TagKeysAsync(customers.Select(c => c.Id).ToList(), ct);
        return c => One(c, tags[c.Id].ToList());
    }

    private async Task<ILookup<long, string>> TagKeysAsync(List<long> customerIds, CancellationToken ct)
    {
        // A count (limit 0) maps no customers: no read.
        if (customerIds.Count == 0)
        {
            return Array.Empty<(long, string)>().ToLookup(r => r.Item1, r => r.Item2);
        }

        var now = clock.UtcNow();
        var rows = await db.TagAssignments.AsNoTracking()
            .Where(a => customerIds.Contains(a.CustomerId) && (a.ExpiresAt == null || a.ExpiresAt > now))
            .OrderBy(a => a.TagId)
            .Select(a => new { a.CustomerId, a.Tag!.Key })
            .ToListAsync(ct);
        return rows.ToLookup(r => r.CustomerId, r => r.Key);
    }
}
