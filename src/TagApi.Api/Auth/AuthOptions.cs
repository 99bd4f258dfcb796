using System.ComponentModel.DataAnnotations;
using TagApi.Api.Configuration;

namespace TagApi.Api.Auth;

/// <summary>Token signing and issuing, from the <c>Auth</c> section.</summary>
public sealed class AuthOptions : ISettingsSection, IValidatableObject
{
    public static string SectionName => "Auth";

    /// <summary>The RSA private key (PEM) that signs access tokens. Every node behind one database must use the same key.</summary>
    [SettingDefault("none: the key file below is used")]
    public string? SigningKey { get; set; }

    /// <summary>The PEM file holding the signing key when <c>Auth:SigningKey</c> is not set, relative to the content root; created on first start when missing.</summary>
    public string SigningKeyPath { get; set; } = "data/signing-key.pem";

    /// <summary>Refuse token requests over plain HTTP. Leave off when TLS ends in front of the server.</summary>
    public bool RequireHttps { get; set; }

    /// <summary>
    /// The issuer (<c>iss</c>) written into access tokens and required of them, and the base of the discovery
    /// document's endpoints. Set it to the public URL clients use when nodes sit behind a load balancer, so a
    /// token from one node is accepted by every other.
    /// </summary>
    [SettingDefault("the first URL the server listens on (`urls`), else `http://localhost:5000/`")]
    public string? Issuer { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Issuer is not null
            && (!Uri.TryCreate(Issuer, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
                || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment)))
        {
            yield return new ValidationResult("Auth:Issuer must be an absolute http(s) URL without query or fragment, e.g. https://api.example.com/.", [nameof(Issuer)]);
        }
    }

    /// <summary>The issuer: <see cref="Issuer"/>, else the first of <paramref name="urls"/> (the host's <c>urls</c> setting), else Kestrel's default address.</summary>
    public Uri IssuerUri(string? urls)
    {
        if (Issuer is not null)
        {
            return WithTrailingSlash(new Uri(Issuer));
        }

        var first = urls?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        if (first is null || !Uri.TryCreate(WithoutWildcardHost(first), UriKind.Absolute, out var listening))
        {
            return new Uri("http://localhost:5000/");
        }

        return WithTrailingSlash(new UriBuilder(listening.Scheme, listening.Host, listening.Port).Uri);
    }

    // http://+:80, http://*:80, http://0.0.0.0:80 and http://[::]:80 name every interface, not an address a client can use.
    private static string WithoutWildcardHost(string url)
    {
        foreach (var wildcard in new[] { "://+", "://*", "://0.0.0.0", "://[::]" })
        {
            if (url.Contains(wildcard, StringComparison.Ordinal))
            {
                return url.Replace(wildcard, "://localhost", StringComparison.Ordinal);
            }
        }

        return url;
    }

    private static Uri WithTrailingSlash(Uri uri) =>
        uri.AbsolutePath.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
}
