using Microsoft.AspNetCore.Authentication;

namespace TagApi.Api.Auth;

/// <summary>
/// Authentication in place of <c>UseAuthentication()</c>. The standard middleware runs the request
/// handlers of OpenIddict's server and validation on every request before authenticating, although
/// they only act on OpenIddict's own endpoints (a visible share of a customer read). A request to one of
/// the API's endpoints carrying a bearer token this instance has already validated for its origin
/// (see <see cref="ValidatedTokens"/>) gets that principal directly; everything else — OpenIddict's
/// endpoints, no token, an unknown, expired or differently addressed token — takes the standard path.
/// What happens after authentication is the same on both paths: revocation and tenant in
/// <see cref="TenantResolutionMiddleware"/>, scopes in the authorization policies.
/// </summary>
public sealed class BearerAuthenticationMiddleware(
    RequestDelegate next, IAuthenticationSchemeProvider schemes, ValidatedTokens tokens, OpenIddictPaths openIddict)
{
    private readonly AuthenticationMiddleware _standard = new(next, schemes);

    public Task InvokeAsync(HttpContext context)
    {
        if (!openIddict.Owns(context.Request.Path)
            && CachedBearerHandler.BearerToken(context.Request) is { } token
            && tokens.TryGet(token, context.Request, out var principal))
        {
            context.User = principal;
            return next(context);
        }

        return _standard.Invoke(context);
    }
}

/// <summary>Puts <see cref="BearerAuthenticationMiddleware"/> in the pipeline in place of <c>UseAuthentication()</c>.</summary>
public static class BearerAuthenticationPipeline
{
    // The key UseAuthentication() sets. Without it, WebApplication adds the standard AuthenticationMiddleware
    // at the head of the pipeline by itself (authentication services are registered), and that one runs
    // OpenIddict's request handlers on every request before this middleware is reached.
    private const string AuthenticationMiddlewareSet = "__AuthenticationMiddlewareSet";

    public static IApplicationBuilder UseBearerAuthentication(this IApplicationBuilder app)
    {
        app.Properties[AuthenticationMiddlewareSet] = true;
        return app.UseMiddleware<BearerAuthenticationMiddleware>();
    }
}
