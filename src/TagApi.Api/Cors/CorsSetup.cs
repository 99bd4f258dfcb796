using Microsoft.Extensions.Options;
using TagApi.Api.Idempotency;

namespace TagApi.Api.Cors;

/// <summary>
/// CORS for browser integrations, per the Fetch standard: the listed origins get <c>Access-Control-Allow-Origin</c> on
/// every response (errors and 429s included) and their preflights answered before authentication and rate limiting;
/// scripts may read the headers an integrator needs. With no origin listed nothing is added.
/// </summary>
public static class CorsSetup
{
    /// <summary>Methods of the API a page may use.</summary>
    public static readonly string[] Methods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"];

    /// <summary>Request headers a page may send.</summary>
    public static readonly string[] RequestHeaders = ["Authorization", "Content-Type", IdempotencyKey.Header, "If-Match", "If-None-Match"];

    /// <summary>Response headers a page's script may read (beyond the CORS-safelisted ones).</summary>
    public static readonly string[] ExposedHeaders = ["RateLimit", "RateLimit-Policy", "Retry-After", "ETag", IdempotencyMiddleware.ReplayedHeader, "Location"];

    /// <summary>The CORS services; the <see cref="CrossOriginOptions"/> are bound with every other section.</summary>
    public static IServiceCollection AddTagApiCors(this IServiceCollection services) => services.AddCors();

    /// <summary>Early in the pipeline: preflights carry no token, and a refused request still tells the page why.</summary>
    public static IApplicationBuilder UseTagApiCors(this IApplicationBuilder app)
    {
        var options = app.ApplicationServices.GetRequiredService<IOptions<CrossOriginOptions>>().Value;
        if (options.AllowedOrigins.Length == 0)
        {
            return app;
        }

        return app.UseCors(policy =>
        {
            if (options.AllowedOrigins.Contains("*"))
            {
                policy.AllowAnyOrigin();
            }
            else
            {
                policy.WithOrigins(options.AllowedOrigins);
            }

            // Bearer tokens, not cookies: credentials are never allowed, so "*" stays safe.
            policy.WithMethods(Methods).WithHeaders(RequestHeaders).WithExposedHeaders(ExposedHeaders)
                .SetPreflightMaxAge(TimeSpan.FromSeconds(options.PreflightMaxAgeSeconds));
        });
    }
}
