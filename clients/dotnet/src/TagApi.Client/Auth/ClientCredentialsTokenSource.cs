using System.Text.Json;
using TagApi.Client.Http;

namespace TagApi.Client.Auth;

/// <summary>
/// Gets access tokens with the OAuth2 client-credentials grant and keeps the current one: callers share it
/// until shortly before it expires, and however many calls need a new one at once, one token request is made.
/// One per client id (the DI registration makes it a singleton), so pooled handlers share it.
/// </summary>
/// <param name="http">Gives the client for a token request (from IHttpClientFactory, or always the same one).</param>
/// <param name="options">Credentials, token endpoint and clock.</param>
public sealed class ClientCredentialsTokenSource(Func<HttpClient> http, TagApiClientOptions options) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile CachedToken? _current;

    /// <summary>How many token requests were made (diagnostics).</summary>
    public int TokenRequests { get; private set; }

    /// <summary>A token valid for a while yet; <paramref name="rejected"/> is one the API refused, so it is replaced even if unexpired.</summary>
    public async ValueTask<string> GetTokenAsync(string? rejected, CancellationToken cancellationToken)
    {
        if (Usable(_current, rejected) is { } token)
        {
            return token;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Whoever waited here behind the request that just finished takes its token.
            if (Usable(_current, rejected) is { } fresh)
            {
                return fresh;
            }

            _current = await RequestAsync(cancellationToken).ConfigureAwait(false);
            return _current.Value;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        _gate.Dispose();
    }

    private string? Usable(CachedToken? token, string? rejected) =>
        token is not null && token.Value != rejected && options.TimeProvider.GetUtcNow() < token.RefreshAt ? token.Value : null;

    private async Task<CachedToken> RequestAsync(CancellationToken cancellationToken)
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = options.ClientId,
            ["client_secret"] = options.ClientSecret,
        };
        if (!string.IsNullOrWhiteSpace(options.Scope))
        {
            form["scope"] = options.Scope;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, options.ResolveTokenEndpoint()) { Content = new FormUrlEncodedContent(form) };
        request.Options.Set(RetryHandler.SafeToRepeat, true);
        var requestedAt = options.TimeProvider.GetUtcNow();
        TokenRequests++;
        using var response = await http().SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await TagApiProblemException.FromResponseAsync(response, cancellationToken).ConfigureAwait(false);
        }

        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var json = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken).ConfigureAwait(false);
        var accessToken = json.RootElement.GetProperty("access_token").GetString()
            ?? throw new InvalidOperationException("The token endpoint answered without an access_token.");
        var lifetime = TimeSpan.FromSeconds(json.RootElement.TryGetProperty("expires_in", out var seconds) ? seconds.GetInt32() : 300);
        // Lifetime counts from the request, not the answer: a slow answer must not stretch it.
        var margin = TimeSpan.FromTicks(Math.Min(options.TokenRefreshMargin.Ticks, lifetime.Ticks / 2));
        return new CachedToken(accessToken, requestedAt + lifetime - margin);
    }

    private sealed record CachedToken(string Value, DateTimeOffset RefreshAt);
}
