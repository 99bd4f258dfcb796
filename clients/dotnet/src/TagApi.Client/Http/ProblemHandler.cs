namespace TagApi.Client.Http;

/// <summary>
/// Turns every error answer into a <see cref="TagApiProblemException"/> (RFC 9457 problems and OAuth errors alike),
/// so callers catch one type whatever the operation and whether or not the status is documented for it.
/// </summary>
public sealed class ProblemHandler : DelegatingHandler
{
    internal const string ProblemMediaType = "application/problem+json";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if ((int)response.StatusCode < 400)
        {
            return response;
        }

        using (response)
        {
            throw await TagApiProblemException.FromResponseAsync(response, cancellationToken).ConfigureAwait(false);
        }
    }
}
