using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using OpenIddict.Validation.AspNetCore;

namespace TagApi.Api.Auth;

/// <summary>
/// The API's authentication scheme: OpenIddict validation decides on a bearer token the first time
/// this instance sees it (and on anything it does not accept); the principal it accepted then serves
/// the same token from <see cref="ValidatedTokens"/> (most often straight from
/// <see cref="BearerAuthenticationMiddleware"/>, without reaching this handler). Challenges and forbids go to OpenIddict.
/// </summary>
public sealed class CachedBearerHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ValidatedTokens tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "TagApiBearer";

    private const string Bearer = "Bearer ";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = BearerToken(Request);
        if (token is not null && tokens.TryGet(token, out var principal))
        {
            return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
        }

        var result = await Context.AuthenticateAsync(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme);
        if (token is not null && result.Succeeded)
        {
            tokens.Remember(token, result.Principal);
        }

        return result;
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        await EnsureOpenIddictRequestAsync();
        await Context.ChallengeAsync(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme, properties);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        await EnsureOpenIddictRequestAsync();
        await Context.ForbidAsync(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme, properties);
    }

    // OpenIddict's validation handler works on the request it attached when its request handler ran;
    // a request authenticated from the cache (BearerAuthenticationMiddleware) never ran it, so it runs here first.
    private async Task EnsureOpenIddictRequestAsync()
    {
        if (Context.Features.Get<OpenIddictValidationAspNetCoreFeature>() is null
            && await Context.RequestServices.GetRequiredService<IAuthenticationHandlerProvider>()
                .GetHandlerAsync(Context, OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme) is IAuthenticationRequestHandler openIddict)
        {
            await openIddict.HandleRequestAsync();
        }
    }

    // Only the Authorization header is cached on: any other way of sending a token takes OpenIddict's path every time.
    internal static string? BearerToken(HttpRequest request)
    {
        var values = request.Headers.Authorization;
        if (values.Count != 1 || values[0] is not { } header || !header.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var token = header[Bearer.Length..].Trim();
        return token.Length == 0 ? null : token;
    }
}
