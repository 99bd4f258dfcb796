using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace TagApi.Api.Common;

/// <summary>Writes RFC 9457 problems with the stable <c>code</c> member every TagApi error carries.</summary>
public static class ProblemResults
{
    public static ProblemDetails Create(HttpContext context, int status, string code, string title, string? detail)
    {
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        Complete(context, problem, code);
        return problem;
    }

    public static async Task WriteAsync(HttpContext context, ProblemDetails problem)
    {
        context.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        var json = context.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        await context.Response.WriteAsJsonAsync(problem, json, "application/problem+json");
    }

    /// <summary>
    /// Problems the framework writes itself (status-code pages for an unknown route, a method or media type an
    /// endpoint does not take; <c>Results.Problem</c>) get the same members as ours: a <c>code</c> from the status.
    /// </summary>
    public static IServiceCollection AddTagApiProblems(this IServiceCollection services) =>
        services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
        {
            if (!c.ProblemDetails.Extensions.ContainsKey("code"))
            {
                var status = c.ProblemDetails.Status ?? c.HttpContext.Response.StatusCode;
                c.ProblemDetails.Detail ??= DetailOf(c.HttpContext, status);
                Complete(c.HttpContext, c.ProblemDetails, CodeOf(status));
            }
        });

    /// <summary>The code of a problem that has no more specific one.</summary>
    public static string CodeOf(int status) => status switch
    {
        400 => "bad_request",
        401 => "unauthorized",
        403 => "forbidden",
        404 => "not_found",
        405 => "method_not_allowed",
        406 => "not_acceptable",
        408 => "request_timeout",
        409 => "conflict",
        411 => "length_required",
        412 => "precondition_failed",
        413 => "payload_too_large",
        414 => "uri_too_long",
        415 => "unsupported_media_type",
        422 => "unprocessable_content",
        429 => "rate_limited",
        431 => "request_header_fields_too_large",
        501 => "not_implemented",
        503 => "unavailable",
        _ when status >= 500 => "internal_error",
        _ => "http_" + status,
    };

    private static void Complete(HttpContext context, ProblemDetails problem, string code)
    {
        problem.Type = $"https://tagapi.dev/problems/{code.Replace('_', '-')}";
        problem.Instance ??= context.Request.Path;
        problem.Extensions["code"] = code;
        problem.Extensions["traceId"] = context.TraceIdentifier;
    }

    private static string? DetailOf(HttpContext context, int status) => status switch
    {
        404 => $"Nothing is served at {context.Request.Path}; the API's paths are listed at /openapi/v1.json.",
        405 => $"{context.Request.Path} does not take {context.Request.Method}; the Allow header lists the methods it does.",
        415 => "This endpoint does not take a body of that media type; send application/json.",
        _ => null,
    };
}
