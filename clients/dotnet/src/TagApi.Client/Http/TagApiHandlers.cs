using TagApi.Client.Auth;

namespace TagApi.Client.Http;

/// <summary>
/// The handler chains, outermost first. Problems are raised once the retries are spent; every retry asks for a
/// (possibly refreshed) token, so a long <c>Retry-After</c> cannot outlive it.
/// </summary>
internal static class TagApiHandlers
{
    public static HttpMessageHandler ForApi(TagApiClientOptions options, ClientCredentialsTokenSource tokens, HttpMessageHandler transport) =>
        new ProblemHandler
        {
            InnerHandler = new RetryHandler(options)
            {
                InnerHandler = new ClientCredentialsHandler(tokens) { InnerHandler = new NonDisposingHandler(transport) },
            },
        };

    public static HttpMessageHandler ForTokens(TagApiClientOptions options, HttpMessageHandler transport) =>
        new RetryHandler(options) { InnerHandler = new NonDisposingHandler(transport) };

    /// <summary>Lets the API and token chains share one transport (one connection pool) without disposing it twice.</summary>
    private sealed class NonDisposingHandler(HttpMessageHandler transport) : HttpMessageHandler
    {
        private readonly HttpMessageInvoker _transport = new(transport, disposeHandler: false);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            _transport.SendAsync(request, cancellationToken);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _transport.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
