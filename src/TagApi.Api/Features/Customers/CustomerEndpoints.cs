using Microsoft.AspNetCore.Http.HttpResults;
using TagApi.Api.Common;
using TagApi.Api.Conditional;
using TagApi.Api.Features.Segments;
using TagApi.Api.Features.Value;
using TagApi.Core.Common;
using TagApi.Core.Customers;
using TagApi.Core.Segments;
using TagApi.Core.TagAssignments;
using TagApi.Core.Tenancy;
using TagApi.Core.Value;

namespace TagApi.Api.Features.Customers;

/// <summary>REST endpoints of <c>/v1/customers</c>.</summary>
public static class CustomerEndpoints
{
    private const string List = "customers";

    public static IEndpointRouteBuilder MapCustomerEndpoints(this IEndpointRouteBuilder app)
    {
        var read = app.MapResourceGroup("/v1/customers", "Customers", Scopes.CustomersRead);
        var write = app.MapResourceGroup("/v1/customers", "Customers", Scopes.CustomersWrite);

        read.MapGet("/", ListAsync).WithName("ListCustomers").WithSummary("List customers").WithProblems(400, 404);
        read.MapGet("/{id}", GetAsync).WithName("GetCustomer").WithSummary("Get a customer").WithProblems(404);
        read.MapGet("/by-external-id/{externalId}", GetByExternalIdAsync).WithName("GetCustomerByExternalId")
            .WithSummary("Get a customer by the integrator's id").WithProblems(404);
        write.MapPost("/", CreateAsync).WithName("CreateCustomer").WithSummary("Create a customer").WithProblems(400, 409);
        write.MapPatch("/{id}", UpdateAsync).WithName("UpdateCustomer")
            .WithSummary("Change some fields of a customer (merge-patch; attributes merge, null deletes)").WithProblems(400, 404, 409);
        write.MapPut("/by-external-id/{externalId}", UpsertAsync).WithName("UpsertCustomer")
            .WithSummary("Create or replace a customer by the integrator's id (idempotent sync)").WithProblems(400);
        write.MapDelete("/{id}", DeleteAsync).WithName("DeleteCustomer").WithSummary("Erase a customer, its tags and its tag history").WithProblems(404);
        return app;
    }

    private static async Task<Ok<ListResponse<CustomerResponse>>> ListAsync(
        [AsParameters] ListQuery query, [AsParameters] CustomerListQuery filter, Paging paging, CustomerService service,
        CustomerResponseMapper mapper, SegmentQueries queries, SegmentMembers members, CancellationToken ct)
    {
        if (filter.Query is not null)
        {
            if (filter.Tag is not null || filter.Q is not null)
            {
                throw new ValidationFailedException("query", "Combine 'query' with nothing else: express tag filters inside the query.");
            }

            var checkedQuery = await queries.CheckAsync(filter.Query, null, "query", ct);
            var (_, data, next) = await members.PageAsync(checkedQuery, Paging.LimitOf(query), query.Cursor, withCount: false, ct);
            return TypedResults.Ok(new ListResponse<CustomerResponse>(data, next));
        }

        var page = await service.ListAsync(new CustomerListFilter(filter.Tag, filter.Q), paging.Request(List, query), ct);
        return TypedResults.Ok(await mapper.PageAsync(paging, List, page, ct));
    }

    private static async Task<Ok<CustomerResponse>> GetAsync(
        string id, string? include, HttpContext http, CustomerWithTagsReads reads, TenantContext tenant, CustomerValueReads values, CancellationToken ct)
    {
        var withValue = IncludesValue(include);
        var (customer, tags) = await reads.GetWithTagKeysAsync(id, ct);
        var response = CustomerResponse.From(http.Tagged(customer), tags, tenant.HasScope(Scopes.CustomersPii));
        return TypedResults.Ok(withValue ? response with { Value = CustomerValueResponse.From(await values.ForCustomerAsync(customer.Id, ct)) } : response);
    }

    private static async Task<Ok<CustomerResponse>> GetByExternalIdAsync(
        string externalId, string? include, HttpContext http, CustomerService service, CustomerResponseMapper mapper, CustomerValueReads values, CancellationToken ct)
    {
        var withValue = IncludesValue(include);
        var customer = http.Tagged(await service.GetByExternalIdAsync(ExternalIdFromRoute(externalId), ct));
        var response = await mapper.OneAsync(customer, ct);
        return TypedResults.Ok(withValue ? response with { Value = CustomerValueResponse.From(await values.ForCustomerAsync(customer.Id, ct)) } : response);
    }

    // The value is derived and moves with time and the tenant's model, so it is asked for (include=value): the plain
    // read stays the customer's stored state, equal to what a write answers and tied to its ETag.
    private static bool IncludesValue(string? include) => include switch
    {
        null => false,
        "value" => true,
        _ => throw new ValidationFailedException("include", "The only thing a customer read can include is 'value'."),
    };

    private static async Task<Created<CustomerResponse>> CreateAsync(
        CustomerInput customer, HttpContext http, CustomerService service, CustomerResponseMapper mapper, CancellationToken ct)
    {
        var response = await mapper.OneAsync(http.Tagged(await service.CreateAsync(customer, ct)), ct);
        return TypedResults.Created($"/v1/customers/{response.Id}", response);
    }

    private static async Task<Ok<CustomerResponse>> UpdateAsync(
        string id, CustomerInput changes, HttpContext http, CustomerService service, CustomerResponseMapper mapper, CancellationToken ct) =>
        TypedResults.Ok(await mapper.OneAsync(http.Tagged(await service.UpdateAsync(id, changes, ct)), ct));

    private static async Task<Results<Created<CustomerResponse>, Ok<CustomerResponse>>> UpsertAsync(
        string externalId, CustomerInput customer, HttpContext http, CustomerService service, CustomerResponseMapper mapper, CancellationToken ct)
    {
        var upsert = await service.UpsertAsync(ExternalIdFromRoute(externalId), customer, ct);
        var response = mapper.One(http.Tagged(upsert.Customer), upsert.TagKeys);
        return upsert.Created ? TypedResults.Created($"/v1/customers/{response.Id}", response) : TypedResults.Ok(response);
    }

    // Routing decodes every escape in a path segment except %2F, so ids containing '/' arrive still escaped.
    private static string ExternalIdFromRoute(string value) => value.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);

    private static async Task<NoContent> DeleteAsync(string id, CustomerService service, CancellationToken ct)
    {
        await service.DeleteAsync(id, ct);
        return TypedResults.NoContent();
    }
}
