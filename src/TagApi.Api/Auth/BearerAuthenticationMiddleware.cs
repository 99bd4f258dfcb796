using Microsoft.AspNetCore.Authentication;
using Microsoft.Net.Http.Headers;
using TagApi.Api.Common;

namespace TagApi.Api.Auth;

/// <summary>
/// Authentication in place of <c>UseAuthentication()</c>. The standard middleware runs the request
/// handlers of OpenIddict's server and validation on every request before authenticating, although
/// they only act on OpenIddict's own endpoints (a visible share of a customer read). A request to one of
/// the API's endpoints carrying a bearer token this instance has already validated
/// (see <see cref="ValidatedTokens"/>) gets that principal directly; everything else — OpenIddict's
/// endpoints, no token, an unknown or expired token — takes the standard path.
/// What happens after authentication is the same on both paths: revocation and tenant in
/// <see cref="TenantResolutionMiddleware"/>, scopes in the authorization policies.
/// An access token in the query string is refused outright: URLs end up in logs and caches.
/// </summary>
public sealed class BearerAuthenticationMiddleware(
    RequestDelegate next, IAuthenticationSchemeProvider schemes, ValidatedTokens tokens, OpenIddictPaths openIddict)
{
    private const string QueryToken = "access_token";
    private readonly AuthenticationMiddleware _standard = new(next, schemes);

    public Task InvokeAsync(HttpContext context)
    {
        if (openIddict.Owns(context.Request.Path))
        {
            return _standard.Invoke(context);
        }

        if (context.Request.QueryString.HasValue && context.Request.Query.ContainsKey(QueryToken))
        {
            return RefuseQueryTokenAsync(context);
        }

        if (CachedBearerHandler.BearerToken(context.Request) is { } token && tokens.TryGet(token, out var principal))
        {
            context.User = principal;
            return next(context);
        }

        return _standard.Invoke(context);
    }

    private static Task RefuseQueryTokenAsync(HttpContext context)
    {
        context.Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer";
        return ProblemResults.WriteAsync(context, ProblemResults.Create(context, 401, "access_token_in_query", "Unauthorized",
            "Access tokens are not accepted in the query string (URLs end up in logs); send it in the Authorization header: 'Authorization: Bearer <token>'."));
    }
}

/// <summary>Puts <see cref="BearerAuthenticationMiddleware"/> in the pipeline in place of <c>UseAuthentication()</c>.</summary>
public static class BearerAuthenticationPipeline
{
    /// <summary>
    /// The key <c>UseAuthentication()</c> sets. Without it, WebApplication adds the standard AuthenticationMiddleware
    /// at the head of the pipeline by itself (authentication services are registered), and that one runs
    /// OpenIddict's request handlers on every request before this middleware is reached. The key is ASP.NET Core's
    /// private contract: BearerAuthenticationPipelineContractTests fails if a framework update stops honouring it.
    /// </summary>
    internal const string AuthenticationMiddlewareSet = "__AuthenticationMiddlewareSet";

    public static IApplicationBuilder UseBearerAuthentication(this IApplicationBuilder app)
    {
        app.Properties[AuthenticationMiddlewareSet] = true;
        return app.UseMiddleware<BearerAuthenticationMiddleware>();
    }
}
