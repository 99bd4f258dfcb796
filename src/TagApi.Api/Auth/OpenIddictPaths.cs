using Microsoft.Extensions.Options;
using OpenIddict.Server;

namespace TagApi.Api.Auth;

/// <summary>
/// The paths OpenIddict's server answers itself or hands to us with its request attached (token,
/// discovery, keys and any endpoint enabled later): requests to them always take the full
/// authentication pipeline, because the server's request handler is what makes them work.
/// </summary>
public sealed class OpenIddictPaths(IOptions<OpenIddictServerOptions> options)
{
    private readonly PathString[] _paths = PathsOf(EndpointUris(options.Value)).ToArray();

    private readonly PathString[] _tokenPaths = PathsOf(options.Value.TokenEndpointUris).ToArray();

    public bool Owns(PathString path) => Matches(_paths, path);

    /// <summary>Whether the path is the token endpoint (rate-limited on its own, see <c>TokenRateLimitMiddleware</c>).</summary>
    public bool IsTokenEndpoint(PathString path) => Matches(_tokenPaths, path);

    private static bool Matches(PathString[] paths, PathString path)
    {
        foreach (var owned in paths)
        {
            if (path.StartsWithSegments(owned, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static IEnumerable<PathString> PathsOf(IEnumerable<Uri> uris) =>
        uris.Select(uri => new PathString("/" + (uri.IsAbsoluteUri ? uri.AbsolutePath : uri.OriginalString).Trim('/'))).Distinct();

    // Every endpoint kind the server can enable, so that enabling one later cannot bypass its handler.
    private static IEnumerable<Uri> EndpointUris(OpenIddictServerOptions o) =>
    [
        .. o.AuthorizationEndpointUris, .. o.ConfigurationEndpointUris, .. o.DeviceAuthorizationEndpointUris,
        .. o.EndSessionEndpointUris, .. o.EndUserVerificationEndpointUris, .. o.IntrospectionEndpointUris,
        .. o.JsonWebKeySetEndpointUris, .. o.PushedAuthorizationEndpointUris, .. o.RevocationEndpointUris,
        .. o.TokenEndpointUris, .. o.UserInfoEndpointUris,
    ];
}
