using TagApi.Api.Common;
using TagApi.Core.Tenancy;

namespace TagApi.Api.Features.BulkJobs;

/// <summary>
/// Endpoint metadata: the call needs any one of these scopes (the document lists them as alternative security
/// requirements). What a particular job needs — the scope of its kind — is checked by the service.
/// </summary>
public sealed record AnyOfScopes(IReadOnlyList<string> Scopes);

/// <summary>Refuses a token holding none of the endpoint's <see cref="AnyOfScopes"/> with a 403 problem naming them.</summary>
public sealed class AnyOfScopesFilter(TenantContext tenant) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var scopes = context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<AnyOfScopes>()?.Scopes ?? [];
        if (scopes.Count == 0 || scopes.Any(tenant.HasScope))
        {
            return await next(context);
        }

        return Results.Problem(ProblemResults.Create(context.HttpContext, 403, "forbidden", "Forbidden",
            $"This call needs one of the scopes {string.Join(", ", scopes.Select(s => $"'{s}'"))}, which the access token does not carry."));
    }
}
