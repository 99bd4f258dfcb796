using Microsoft.AspNetCore.Http.Features;

namespace TagApi.Api.Common;

/// <summary>
/// Refuses a request target (path and query) longer than <see cref="MaxTargetLength"/> with a 414 problem.
/// Kestrel's own limit is raised well above it (see <c>AddTagApiHttp</c>) because Kestrel answers its own 414
/// with no body, before any middleware runs; this way the usual too-long URI gets a problem with a code.
/// </summary>
public sealed class UriLengthLimitMiddleware(RequestDelegate next)
{
    /// <summary>The longest request target accepted: Kestrel's default request-line limit.</summary>
    public const int MaxTargetLength = 8 * 1024;

    /// <summary>The request line Kestrel reads before refusing by itself.</summary>
    public const int KestrelRequestLineLimit = 64 * 1024;

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        // A server that leaves the raw target empty (the in-process test server does) is measured by its parts.
        var length = context.Features.Get<IHttpRequestFeature>()?.RawTarget is { Length: > 0 } raw ? raw.Length
            : (request.PathBase.Value?.Length ?? 0) + (request.Path.Value?.Length ?? 0) + (request.QueryString.Value?.Length ?? 0);
        if (length <= MaxTargetLength)
        {
            return next(context);
        }

        return ProblemResults.WriteAsync(context, ProblemResults.Create(context, StatusCodes.Status414UriTooLong, "uri_too_long", "URI too long",
            $"The request's path and query are {length} characters long; at most {MaxTargetLength} are accepted. Send long inputs (segment queries, id lists) in a POST body."));
    }
}
