using Microsoft.AspNetCore.Http.HttpResults;
using TagApi.Api.Auth;
using TagApi.Api.Common;
using TagApi.Core.Tenancy;

namespace TagApi.Api.Features.ApiClients;

/// <summary>REST endpoints of <c>/v1/api-clients</c>: a tenant manages its own integrations.</summary>
public static class ApiClientEndpoints
{
    private const string List = "api-clients";

    public static IEndpointRouteBuilder MapApiClientEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapResourceGroup("/v1/api-clients", "API clients", Scopes.ClientsManage);
        group.MapGet("/", ListAsync).WithName("ListApiClients").WithSummary("List the tenant's API clients").WithProblems(400);
        group.MapPost("/", CreateAsync).WithName("CreateApiClient").WithSummary("Create an API client; the secret is shown once").WithProblems(400);
        group.MapDelete("/{clientId}", DeleteAsync).WithName("DeleteApiClient").WithSummary("Revoke an API client").WithProblems(404, 409);
        return app;
    }

    private static async Task<Ok<ListResponse<ApiClientResponse>>> ListAsync([AsParameters] ListQuery query, Paging paging, ApiClientService service, CancellationToken ct)
    {
        var page = await service.ListAsync(paging.Request(List, query), ct);
        return TypedResults.Ok(paging.Response(List, page, c => c.Id, ApiClientResponse.From));
    }

    private static async Task<Created<CreatedApiClientResponse>> CreateAsync(
        CreateApiClientRequest request, ApiClientService service, TenantContext tenant, CancellationToken ct)
    {
        var created = await service.CreateAsync(request.Name, request.Scopes, tenant.Scopes, ct);
        var c = created.Client;
        return TypedResults.Created($"/v1/api-clients/{c.ClientId}",
            new CreatedApiClientResponse(c.ClientId, created.ClientSecret, c.Name, c.ScopeList, c.CreatedAt));
    }

    private static async Task<NoContent> DeleteAsync(string clientId, ApiClientService service, ApiClientStatusCache status, CancellationToken ct)
    {
        await service.DisableAsync(clientId, ct);
        status.Invalidate(clientId);
        return TypedResults.NoContent();
    }
}
