using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using TagApi.Api.Configuration;
using TagApi.Core.Data;
using TagApi.Core.Tenancy;

namespace TagApi.Api.Auth;

/// <summary>OAuth2 client credentials (OpenIddict), JWT validation, and one policy per scope.</summary>
public static class AuthServices
{
    public static IServiceCollection AddTagApiAuth(this IServiceCollection services, ServerKeys keys, IConfiguration configuration)
    {
        // OpenIddict's options are built without a service provider, so the section is read now.
        var auth = configuration.ReadSettings<AuthOptions>();
        services.AddSingleton(keys);
        services.AddOpenIddict()
            .AddCore(o => o.UseEntityFrameworkCore().UseDbContext<TagApiDbContext>())
            .AddServer(o =>
            {
                // A fixed issuer, not the address each request names: a token from one node (or host name) is
                // accepted by every node configured alike, and discovery names the same endpoints wherever it is asked.
                o.SetIssuer(auth.IssuerUri(configuration[WebHostDefaults.ServerUrlsKey]));
                o.SetTokenEndpointUris("connect/token");
                o.AllowClientCredentialsFlow();
                o.RegisterScopes([.. Scopes.All]);
                o.AddSigningKey(keys.SigningKey);
                // Only access tokens are issued, and they are plain signed JWTs any library can read.
                o.AddEphemeralEncryptionKey();
                o.DisableAccessTokenEncryption();
                o.DisableTokenStorage();
                o.SetAccessTokenLifetime(TimeSpan.FromHours(1));
                var aspNetCore = o.UseAspNetCore().EnableTokenEndpointPassthrough();
                o.AddEventHandler(ScopePermissionValidation.Descriptor);
                if (!auth.RequireHttps)
                {
                    // TLS is terminated in front of the API (or absent in development and tests).
                    aspNetCore.DisableTransportSecurityRequirement();
                }
            })
            .AddValidation(o =>
            {
                o.UseLocalServer();
                o.AddAudiences(ClaimNames.Audience);
                o.AddEventHandler(NotBeforeValidation.Descriptor);
                // A token in a URL ends up in access logs and proxies' caches; BearerAuthenticationMiddleware refuses it.
                o.UseAspNetCore().DisableAccessTokenExtractionFromQueryString();
            });

        services.AddSingleton<ValidatedTokens>();
        services.AddSingleton<OpenIddictPaths>();
        services.AddAuthentication(CachedBearerHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, CachedBearerHandler>(CachedBearerHandler.SchemeName, null);
        services.AddAuthorization(o =>
        {
            foreach (var scope in Scopes.All)
            {
                o.AddPolicy(scope, p => p.RequireAuthenticatedUser().AddRequirements(new ScopeRequirement(scope)));
            }
        });
        services.AddSingleton<IAuthorizationHandler, ScopeRequirementHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();
        services.AddSingleton<ApiClientStatusCache>();
        return services;
    }
}
