using System.ComponentModel.DataAnnotations;

namespace TagApi.Client;

/// <summary>Where TagApi is, who the client is, and how patiently it retries.</summary>
public sealed class TagApiClientOptions
{
    /// <summary>The API's base address, e.g. <c>https://tags.example.com/</c>.</summary>
    [Required]
    public Uri? BaseAddress { get; set; }

    /// <summary>The OAuth2 client id (<c>cli_…</c>).</summary>
    [Required]
    public string ClientId { get; set; } = "";

    /// <summary>The OAuth2 client secret (<c>tas_…</c>).</summary>
    [Required]
    public string ClientSecret { get; set; } = "";

    /// <summary>Scopes to ask for, space-separated; empty asks for every scope the client holds.</summary>
    public string? Scope { get; set; }

    /// <summary>The token endpoint; defaults to <c>connect/token</c> under <see cref="BaseAddress"/>.</summary>
    public Uri? TokenEndpoint { get; set; }

    /// <summary>Retries after the first attempt (429, 503, a dropped connection); 0 turns retries off.</summary>
    [Range(0, 20)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>The first backoff; it doubles with each retry (with jitter) unless the server sends <c>Retry-After</c>.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest wait between attempts; a <c>Retry-After</c> longer than this is not waited for.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long before a token's expiry it is replaced (at most half its lifetime).</summary>
    public TimeSpan TokenRefreshMargin { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The clock used for token lifetimes; tests move it.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// Reads <c>TAGAPI_URL</c>, <c>TAGAPI_CLIENT_ID</c>, <c>TAGAPI_CLIENT_SECRET</c> and (optionally)
    /// <c>TAGAPI_SCOPE</c> from the environment, so credentials stay out of code.
    /// </summary>
    public static TagApiClientOptions FromEnvironment() => new()
    {
        BaseAddress = new Uri(Environment.GetEnvironmentVariable("TAGAPI_URL") ?? "http://localhost:5080/"),
        ClientId = Environment.GetEnvironmentVariable("TAGAPI_CLIENT_ID") ?? "",
        ClientSecret = Environment.GetEnvironmentVariable("TAGAPI_CLIENT_SECRET") ?? "",
        Scope = Environment.GetEnvironmentVariable("TAGAPI_SCOPE"),
    };

    internal Uri ResolveTokenEndpoint() => TokenEndpoint ?? new Uri(WithTrailingSlash(BaseAddress!), "connect/token");

    internal void Validate()
    {
        if (BaseAddress is not { IsAbsoluteUri: true })
        {
            throw new ArgumentException("TagApiClientOptions.BaseAddress must be an absolute URI.", nameof(BaseAddress));
        }

        if (string.IsNullOrEmpty(ClientId) || string.IsNullOrEmpty(ClientSecret))
        {
            throw new ArgumentException("TagApiClientOptions.ClientId and ClientSecret are required.", nameof(ClientId));
        }

        if (MaxRetries is < 0 or > 20)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRetries), MaxRetries, "between 0 and 20");
        }
    }

    internal static Uri WithTrailingSlash(Uri uri) =>
        uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
}
