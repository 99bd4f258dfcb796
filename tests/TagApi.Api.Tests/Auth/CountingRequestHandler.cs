using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace TagApi.Api.Tests.Auth;

/// <summary>An authentication scheme that, like OpenIddict's, handles requests before authentication: it only counts them.</summary>
public sealed class CountingRequestHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, RequestHandlerProbe probe)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder), IAuthenticationRequestHandler
{
    public Task<bool> HandleRequestAsync()
    {
        probe.Ran();
        return Task.FromResult(false);
    }

    protected override Task<AuthenticateResult> HandleAuthenticateAsync() => Task.FromResult(AuthenticateResult.NoResult());
}
