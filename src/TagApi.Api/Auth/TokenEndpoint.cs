using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using TagApi.Core.Common;
using TagApi.Core.Data;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace TagApi.Api.Auth;

/// <summary>
/// The client-credentials token endpoint. OpenIddict has already checked the client's secret and
/// that the requested scopes are permitted; this adds the tenant and decides the granted scopes.
/// </summary>
public static class TokenEndpoint
{
    public static IEndpointRouteBuilder MapTokenEndpoint(this IEndpointRouteBuilder app)
    {
        app.MapPost("/connect/token", IssueAsync).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> IssueAsync(HttpContext context, TagApiDbContext db)
    {
        var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        if (!request.IsClientCredentialsGrantType())
        {
            return Reject(Errors.UnsupportedGrantType, "Only the client_credentials grant is supported.");
        }

        // Cross-tenant by design: the client id is what tells us the tenant.
        var client = await db.ApiClients.IgnoreQueryFilters().AsNoTracking()
            .FirstOrDefaultAsync(c => c.ClientId == request.ClientId && c.DisabledAt == null, context.RequestAborted);
        if (client is null)
        {
            return Reject(Errors.InvalidClient, "The client is unknown or has been revoked.");
        }

        var requested = request.GetScopes();
        var granted = requested.IsEmpty ? client.ScopeList : requested.Intersect(client.ScopeList, StringComparer.Ordinal).ToList();
        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, client.ClientId);
        identity.SetClaim(Claims.Name, client.Name);
        identity.SetClaim(ClaimNames.Tenant, PublicId.Encode(IdPrefixes.Tenant, client.TenantId));
        identity.SetScopes(granted);
        identity.SetResources(ClaimNames.Audience);
        identity.SetDestinations(_ => [Destinations.AccessToken]);
        return Results.SignIn(new ClaimsPrincipal(identity), properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static IResult Reject(string error, string description) =>
        Results.Forbid(
            new AuthenticationProperties(new Dictionary<string, string?>
            {
                [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
                [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
            }),
            [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
}
