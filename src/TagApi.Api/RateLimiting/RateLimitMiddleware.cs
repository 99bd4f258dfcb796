using System.Globalization;
using TagApi.Api.Auth;
using TagApi.Api.Common;
using TagApi.Core.Tenancy;

namespace TagApi.Api.RateLimiting;

/// <summary>
/// Charges every request to its caller's bucket and reports the bucket on every response with the
/// IETF <c>RateLimit-Policy</c> and <c>RateLimit</c> headers; an empty bucket gets 429 and <c>Retry-After</c>.
/// The token endpoint has buckets of its own (<see cref="TokenRateLimitMiddleware"/>).
/// </summary>
public sealed class RateLimitMiddleware(RequestDelegate next, ClientRateLimiters limiters, OpenIddictPaths openIddict)
{
    public async Task InvokeAsync(HttpContext context, TenantContext tenant)
    {
        if (IsExempt(context.Request.Path) || openIddict.IsTokenEndpoint(context.Request.Path))
        {
            await next(context);
            return;
        }

        var caller = tenant.ClientId is { } clientId ? "client:" + clientId : "ip:" + context.Connection.RemoteIpAddress;
        var state = limiters.TryTake(caller, tenant.ClientId);
        WriteHeaders(context.Response.Headers, state);
        if (!state.Allowed)
        {
            context.Response.Headers.RetryAfter = ((int)state.RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            await ProblemResults.WriteAsync(context, ProblemResults.Create(context, 429, "rate_limited", "Too many requests",
                $"The rate limit of {state.PermitsPerSecond} requests per second (burst {state.Burst}) is exhausted; retry after {(int)state.RetryAfter.TotalSeconds} s."));
            return;
        }

        await next(context);
    }

    /// <summary>Writes the headers for a bucket state (shared with other transports that charge the bucket).</summary>
    public static void WriteHeaders(IHeaderDictionary headers, RateLimitState state)
    {
        // Window = time for an empty bucket to refill, so quota/window is the sustained rate.
        var window = Math.Max(1, state.Burst / state.PermitsPerSecond);
        var secondsToFull = (int)Math.Ceiling((state.Burst - state.Remaining) / (double)state.PermitsPerSecond);
        headers["RateLimit-Policy"] = $"\"default\";q={state.Burst};w={window}";
        headers["RateLimit"] = $"\"default\";r={state.Remaining};t={secondsToFull}";
    }

    // Health probes and documentation are not metered.
    private static bool IsExempt(PathString path) =>
        path.StartsWithSegments("/healthz") || path.StartsWithSegments("/readyz")
        || path.StartsWithSegments("/docs") || path.StartsWithSegments("/openapi");
}
