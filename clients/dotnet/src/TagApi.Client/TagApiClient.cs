using System.Text.Json;
using System.Text.Json.Serialization;
using TagApi.Client.Auth;
using TagApi.Client.Http;

namespace TagApi.Client;

/// <summary>
/// The hand-written half of the generated client (see <c>Generated/</c>): construction with the SDK's
/// handlers, per-call headers, and the serializer settings TagApi expects.
/// </summary>
public partial class TagApiClient
{
    private TagApiRequestOptions? _requestOptions;

    /// <summary>
    /// A client that gets and refreshes its own tokens, retries 429/503 and dropped connections (writes with
    /// one idempotency key), and throws <see cref="TagApiProblemException"/> for problem responses.
    /// Create one and reuse it, like an <see cref="HttpClient"/>.
    /// </summary>
    /// <param name="options">Address, credentials and retry settings.</param>
    /// <param name="innerHandler">The transport (tests wrap it); a pooled <see cref="SocketsHttpHandler"/> by default.</param>
    public static TagApiClient Create(TagApiClientOptions options, HttpMessageHandler? innerHandler = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var transport = innerHandler ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        var tokenHttp = new HttpClient(TagApiHandlers.ForTokens(options, transport), disposeHandler: false);
        var tokens = new ClientCredentialsTokenSource(() => tokenHttp, options);
        var http = new HttpClient(TagApiHandlers.ForApi(options, tokens, transport))
        {
            BaseAddress = TagApiClientOptions.WithTrailingSlash(options.BaseAddress!),
        };
        return new TagApiClient(http);
    }

    /// <summary>The same client (same connection and token), sending these headers on every call made through it.</summary>
    public TagApiClient With(TagApiRequestOptions options) => new(_httpClient) { BaseUrl = BaseUrl, _requestOptions = options };

    partial void Initialize()
    {
        // Calls are built as absolute URLs, so a base address with a path (behind a proxy) keeps its path.
        if (_httpClient.BaseAddress is { } baseAddress)
        {
            BaseUrl = baseAddress.AbsoluteUri;
        }
    }

    partial void PrepareRequest(HttpClient client, HttpRequestMessage request, string url)
    {
        if (_requestOptions is not { } options)
        {
            return;
        }

        if (options.IdempotencyKey is { } key && RetryHandler.IsWrite(request.Method))
        {
            request.Headers.TryAddWithoutValidation(RetryHandler.IdempotencyKeyHeader, key);
        }

        if (options.IfMatch is { } ifMatch)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        if (options.IfNoneMatch is { } ifNoneMatch)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        }
    }

    static partial void UpdateJsonSerializerSettings(JsonSerializerOptions settings)
    {
        // TagApi reads an explicit null as "clear this member" (merge-patch) and refuses it for members that
        // cannot be cleared, while the generated models would write every unset member as null.
        settings.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        settings.Converters.Add(new WireEnumConverter());
    }
}
