using System.Globalization;
using TagApi.Api.Auth;
using TagApi.Api.Common;
using TagApi.Core.Telemetry;
using TagApi.Core.Tenancy;

namespace TagApi.Api.RateLimiting;

/// <summary>
/// Charges every request to its caller's bucket and reports the bucket on every response with the
/// IETF <c>RateLimit-Policy</c> and <c>RateLimit</c> headers; an empty bucket gets 429 and <c>Retry-After</c>.
/// A conditional read (<c>If-None-Match</c>) answered 304 is not charged.
/// The token endpoint has buckets of its own (<see cref="TokenRateLimitMiddleware"/>).
/// </summary>
public sealed class RateLimitMiddleware(RequestDelegate next, ClientRateLimiters limiters, OpenIddictPaths openIddict)
{
    public async Task InvokeAsync(HttpContext context, TenantContext tenant)
    {
        if (UnmeteredPaths.Contains(context.Request.Path) || openIddict.IsTokenEndpoint(context.Request.Path))
        {
            await next(context);
            return;
        }

        var caller = tenant.ClientId is { } clientId ? "client:" + clientId : "ip:" + context.Connection.RemoteIpAddress;
        var conditionalRead = IsConditionalRead(context.Request);
        var state = conditionalRead ? await limiters.PeekAsync(caller, tenant.ClientId) : await limiters.TryTakeAsync(caller, tenant.ClientId);
        WriteHeaders(context.Response.Headers, state);
        // The exception handler clears the headers of a failed request before writing its problem; write them again then.
        context.Response.OnStarting(() =>
        {
            if (!context.Response.Headers.ContainsKey("RateLimit"))
            {
                WriteHeaders(context.Response.Headers, state);
            }

            return Task.CompletedTask;
        });
        if (!state.Allowed)
        {
            TagApiTelemetry.RateLimitRejections.Add(1, new KeyValuePair<string, object?>("transport", "http"));
            context.Response.Headers.RetryAfter = ((int)state.RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            await ProblemResults.WriteAsync(context, ProblemResults.Create(context, 429, "rate_limited", "Too many requests",
                $"The rate limit of {state.PermitsPerSecond} requests per second (burst {state.Burst}) is exhausted; retry after {(int)state.RetryAfter.TotalSeconds} s."));
            return;
        }

        if (conditionalRead)
        {
            // A read answered 304 costs nothing: the token is taken only once the answer is known to be another.
            context.Response.OnStarting(async () =>
            {
                if (context.Response.StatusCode != StatusCodes.Status304NotModified)
                {
                    WriteHeaders(context.Response.Headers, await limiters.TryTakeAsync(caller, tenant.ClientId));
                }
            });
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

    private static bool IsConditionalRead(HttpRequest request) =>
        (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) && request.Headers.IfNoneMatch.Count > 0;
}
