using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using TagApi.Core.Data;
using TagApi.Core.Tenancy;

namespace TagApi.Api.Auth;

/// <summary>OAuth2 client credentials (OpenIddict), JWT validation, and one policy per scope.</summary>
public static class AuthServices
{
    public static IServiceCollection AddTagApiAuth(this IServiceCollection services, ServerKeys keys, IConfiguration configuration)
    {
        services.AddSingleton(keys);
        services.AddOpenIddict()
            .AddCore(o => o.UseEntityFrameworkCore().UseDbContext<TagApiDbContext>())
            .AddServer(o =>
            {
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
                if (!configuration.GetValue("Auth:RequireHttps", false))
                {
                    // TLS is terminated in front of the API (or absent in development and tests).
                    aspNetCore.DisableTransportSecurityRequirement();
                }
            })
            .AddValidation(o =>
            {
                o.UseLocalServer();
                o.AddAudiences(ClaimNames.Audience);
                o.UseAspNetCore();
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
