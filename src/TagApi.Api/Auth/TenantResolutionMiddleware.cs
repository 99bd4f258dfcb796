using OpenIddict.Abstractions;
using TagApi.Api.Common;
using TagApi.Core.Common;
using TagApi.Core.Tenancy;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace TagApi.Api.Auth;

/// <summary>
/// Sets the request's tenant, client and scopes from the validated access token — the only place
/// the tenant is decided. Everything downstream (EF query filters included) reads it from
/// <see cref="TenantContext"/>.
/// </summary>
public sealed class TenantResolutionMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, TenantContext tenant, ApiClientStatusCache clients)
    {
        var user = context.User;
        if (user.Identity?.IsAuthenticated == true)
        {
            var clientId = user.GetClaim(Claims.Subject);
            if (clientId is null
                || !PublicId.TryDecode(IdPrefixes.Tenant, user.GetClaim(ClaimNames.Tenant), out var tenantId)
                || !await clients.IsActiveAsync(clientId, context.RequestAborted))
            {
                await ProblemResults.WriteAsync(context, ProblemResults.Create(context, 401, "unauthorized", "Unauthorized",
                    "The access token's client is unknown or has been revoked."));
                return;
            }

            tenant.Set(tenantId, clientId, user.GetScopes());
        }

        await next(context);
    }
}
