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
    private readonly PathString[] _paths = EndpointUris(options.Value)
        .Select(uri => new PathString("/" + (uri.IsAbsoluteUri ? uri.AbsolutePath : uri.OriginalString).Trim('/')))
        .Distinct()
        .ToArray();

    public bool Owns(PathString path)
    {
        foreach (var owned in _paths)
        {
            if (path.StartsWithSegments(owned, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    // Every endpoint kind the server can enable, so that enabling one later cannot bypass its handler.
    private static IEnumerable<Uri> EndpointUris(OpenIddictServerOptions o) =>
    [
        .. o.AuthorizationEndpointUris, .. o.ConfigurationEndpointUris, .. o.DeviceAuthorizationEndpointUris,
        .. o.EndSessionEndpointUris, .. o.EndUserVerificationEndpointUris, .. o.IntrospectionEndpointUris,
        .. o.JsonWebKeySetEndpointUris, .. o.PushedAuthorizationEndpointUris, .. o.RevocationEndpointUris,
        .. o.TokenEndpointUris, .. o.UserInfoEndpointUris,
    ];
}
