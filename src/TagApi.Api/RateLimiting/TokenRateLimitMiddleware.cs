using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using TagApi.Api.Auth;
using TagApi.Api.Common;

namespace TagApi.Api.RateLimiting;

/// <summary>
/// Limits <c>POST /connect/token</c> before OpenIddict checks the secret (see <see cref="TokenEndpointLimiter"/>),
/// reports its buckets with <c>RateLimit-Policy</c>/<c>RateLimit</c> on every answer, and refuses an attempt
/// that finds a bucket empty with 429 and <c>Retry-After</c>. RFC 6749 §5.2 has no error for "too many
/// attempts" (its token errors are 400 and 401), so the 429 is this API's rate-limit problem
/// (<c>code: rate_limited</c>) carrying OAuth's <c>error</c>/<c>error_description</c> members as well, so an
/// OAuth library shows a readable error. An answer of 400 or 401 counts as a failed attempt.
/// </summary>
public sealed class TokenRateLimitMiddleware(RequestDelegate next, TokenEndpointLimiter limiter, OpenIddictPaths openIddict)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method) || !openIddict.IsTokenEndpoint(context.Request.Path))
        {
            await next(context);
            return;
        }

        var attempt = limiter.Begin(await ClientIdOfAsync(context.Request), context.Connection.RemoteIpAddress?.ToString() ?? "");
        if (!attempt.Allowed)
        {
            await RefuseAsync(context, attempt);
            return;
        }

        context.Response.OnStarting(() =>
        {
            attempt.Complete(failed: IsFailure(context.Response.StatusCode));
            attempt.WriteHeaders(context.Response.Headers);
            return Task.CompletedTask;
        });
        try
        {
            await next(context);
        }
        finally
        {
            // An answer that never started (the client went away) settles as it stands.
            attempt.Complete(failed: IsFailure(context.Response.StatusCode));
        }
    }

    private static bool IsFailure(int status) => status is StatusCodes.Status400BadRequest or StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden;

    private static async Task RefuseAsync(HttpContext context, TokenAttempt attempt)
    {
        var seconds = ((int)Math.Ceiling(attempt.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        attempt.WriteHeaders(context.Response.Headers);
        context.Response.Headers.RetryAfter = seconds;
        context.Response.Headers.CacheControl = "no-store";
        var problem = ProblemResults.Create(context, StatusCodes.Status429TooManyRequests, "rate_limited", "Too many requests",
            $"Too many token requests for this client or from this address; retry after {seconds} s.");
        problem.Extensions["error"] = "temporarily_unavailable";
        problem.Extensions["error_description"] = problem.Detail;
        await ProblemResults.WriteAsync(context, problem);
    }

    // The client authenticates in the form (client_secret_post) or with HTTP Basic (client_secret_basic).
    private static async Task<string?> ClientIdOfAsync(HttpRequest request)
    {
        if (AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header)
            && string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) && header.Parameter is { } encoded)
        {
            var buffer = new byte[encoded.Length];
            if (Convert.TryFromBase64String(encoded, buffer, out var written) && Encoding.UTF8.GetString(buffer, 0, written).Split(':', 2) is [var id, _])
            {
                return Bounded(Uri.UnescapeDataString(id.Replace('+', ' ')));
            }
        }

        if (request.HasFormContentType)
        {
            try
            {
                var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
                return Bounded(form["client_id"].FirstOrDefault());
            }
            catch (InvalidDataException)
            {
                // A form over the size limits: OpenIddict refuses it; it is charged as an attempt without a client id.
            }
        }

        return null;
    }

    // Client ids are short ("cli_" and 20 characters); a long one is not a client and is charged as none.
    private static string? Bounded(string? clientId) => clientId is { Length: <= 200 } ? clientId : null;
}
