using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using TagApi.Core.Common;
using TagApi.Core.Conditional;
using TagApi.Core.Segments.Query;

namespace TagApi.Api.Common;

/// <summary>
/// The one place where failures become HTTP problems: business exceptions keep their code,
/// malformed bodies become validation problems, and anything unexpected is a 500 without details.
/// </summary>
public sealed partial class TagApiExceptionHandler(ILogger<TagApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            TagApiException e => FromDomain(httpContext, e),
            BadHttpRequestException e => FromBadRequest(httpContext, e),
            _ => null,
        };
        if (problem is null)
        {
            LogUnhandled(logger, exception, httpContext.Request.Method, httpContext.Request.Path);
            problem = ProblemResults.Create(httpContext, 500, "internal_error", "Internal error", "Something went wrong on our side; the request can be retried.");
        }

        await ProblemResults.WriteAsync(httpContext, problem);
        return true;
    }

    public static int StatusOf(TagApiException exception) => exception switch
    {
        NotFoundException => StatusCodes.Status404NotFound,
        ForbiddenException => StatusCodes.Status403Forbidden,
        ConflictException => StatusCodes.Status409Conflict,
        PreconditionFailedException => StatusCodes.Status412PreconditionFailed,
        _ => StatusCodes.Status400BadRequest,
    };

    private static Microsoft.AspNetCore.Mvc.ProblemDetails FromDomain(HttpContext context, TagApiException exception)
    {
        var status = StatusOf(exception);
        var title = status switch
        {
            403 => "Forbidden",
            404 => "Not found",
            409 => "Conflict",
            412 => "Precondition failed",
            _ => "Invalid request",
        };
        var problem = ProblemResults.Create(context, status, exception.Code, title, exception.Message);
        switch (exception)
        {
            case ValidationFailedException v:
                problem.Extensions["errors"] = v.Errors;
                break;
            case BatchRejectedException b:
                problem.Extensions["items"] = b.Items;
                break;
            case SegmentQueryException q:
                problem.Extensions["errors"] = q.Errors.Select(Features.Segments.QueryErrorResponse.From).ToList();
                break;
        }

        return problem;
    }

    private static Microsoft.AspNetCore.Mvc.ProblemDetails FromBadRequest(HttpContext context, BadHttpRequestException exception)
    {
        if (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return ProblemResults.Create(context, 413, "payload_too_large", "Payload too large", "The request body is larger than allowed.");
        }

        if (exception.StatusCode == StatusCodes.Status415UnsupportedMediaType)
        {
            return ProblemResults.Create(context, 415, "unsupported_media_type", "Unsupported media type", "Send the body as application/json.");
        }

        if (exception.InnerException is not JsonException && !JsonErrorMessages.IsBindingFailure(exception.Message))
        {
            // Kestrel could not read the request itself (a malformed chunked body, a body shorter than its Content-Length).
            return ProblemResults.Create(context, 400, "bad_request", "Bad request", "The request could not be read as HTTP: " + exception.Message);
        }

        var (field, message) = exception.InnerException switch
        {
            JsonException json => JsonErrorMessages.Describe(json),
            _ => JsonErrorMessages.DescribeBinding(exception.Message),
        };
        var problem = ProblemResults.Create(context, 400, "validation_failed", "Invalid request", "The request could not be read: " + message);
        problem.Extensions["errors"] = new Dictionary<string, string[]> { [field] = [message] };
        return problem;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled failure on {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path);
}
