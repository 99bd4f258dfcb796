using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace TagApi.Api.Common;

/// <summary>Writes RFC 9457 problems with the stable <c>code</c> member every TagApi error carries.</summary>
public static class ProblemResults
{
    public static ProblemDetails Create(HttpContext context, int status, string code, string title, string? detail)
    {
        var problem = new ProblemDetails
        {
            Status = status,
            Title = title,
            Detail = detail,
            Type = $"https://tagapi.dev/problems/{code.Replace('_', '-')}",
            Instance = context.Request.Path,
        };
        problem.Extensions["code"] = code;
        problem.Extensions["traceId"] = context.TraceIdentifier;
        return problem;
    }

    public static async Task WriteAsync(HttpContext context, ProblemDetails problem)
    {
        context.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        var json = context.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        await context.Response.WriteAsJsonAsync(problem, json, "application/problem+json");
    }
}
