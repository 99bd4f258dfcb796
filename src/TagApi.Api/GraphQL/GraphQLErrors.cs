using GraphQL;
using GraphQL.Execution;
using TagApi.Core.Common;
using TagApi.Core.Segments.Query;

namespace TagApi.Api.GraphQL;

/// <summary>
/// The one place where exceptions thrown while resolving become GraphQL errors: business failures
/// keep their REST code, anything unexpected is logged and shown without details.
/// </summary>
public sealed partial class GraphQLErrors(ILogger<GraphQLErrors> logger)
{
    public Task TranslateAsync(UnhandledExceptionContext context)
    {
        switch (context.OriginalException)
        {
            // A scope the request's content needs (customers:pii for a query reading age) is refused like a field's scope.
            case ForbiddenException f:
                context.Exception = new ExecutionError(f.Message) { Code = GraphQLErrorCodes.Forbidden };
                break;
            case TagApiException e:
                var error = new ExecutionError(e.Message) { Code = e.Code };
                switch (e)
                {
                    case ValidationFailedException v:
                        error.Data["errors"] = v.Errors;
                        break;
                    case SegmentQueryException q:
                        error.Data["errors"] = q.Errors.Select(Features.Segments.QueryErrorResponse.From).ToList();
                        break;
                }

                context.Exception = error;
                break;
            case OperationCanceledException:
                break;
            default:
                LogUnhandled(logger, context.OriginalException, context.FieldContext?.FieldDefinition.Name ?? "(operation)");
                context.Exception = new ExecutionError("Something went wrong on our side; the request can be retried.") { Code = GraphQLErrorCodes.InternalError };
                break;
        }

        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled failure resolving GraphQL field {Field}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string field);
}
