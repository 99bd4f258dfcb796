using System.Globalization;
using GraphQL;
using Microsoft.Extensions.Options;
using TagApi.Api.Common;
using TagApi.Api.RateLimiting;

namespace TagApi.Api.GraphQL;

/// <summary>
/// <c>/graphql</c> per the GraphQL-over-HTTP specification: POST (JSON) and GET (queries only),
/// <c>application/graphql-response+json</c> unless only <c>application/json</c> is acceptable,
/// 4xx without data, 401 without a token; and the explorer page at <c>/graphql/ui</c>.
/// </summary>
public static class GraphQLEndpoints
{
    public static IEndpointRouteBuilder MapTagApiGraphQL(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/graphql", [HttpMethods.Get, HttpMethods.Post], HandleAsync).RequireAuthorization().ExcludeFromDescription();
        app.MapExplorer();
        return app;
    }

    private static async Task HandleAsync(
        HttpContext http, GraphQLRequestReader reader, GraphQLExecutor executor, GraphQLResponseSerializer serializer, IOptions<GraphQLOptions> options)
    {
        var mediaType = GraphQLMediaTypes.Negotiate(http.Request);
        if (mediaType is null)
        {
            await ProblemResults.WriteAsync(http, ProblemResults.Create(http, 406, "not_acceptable", "Not acceptable",
                $"Responses are {GraphQLMediaTypes.GraphQLResponse} or {GraphQLMediaTypes.Json}; the Accept header allows neither."));
            return;
        }

        var isGet = HttpMethods.IsGet(http.Request.Method);
        var (request, failure) = await reader.ReadAsync(http.Request, options.Value.MaxDocumentBytes);
        if (failure is { AsProblem: true })
        {
            var code = failure.Status == 415 ? "unsupported_media_type" : "payload_too_large";
            await ProblemResults.WriteAsync(http, ProblemResults.Create(http, failure.Status, code, failure.Status == 415 ? "Unsupported media type" : "Payload too large", failure.Message));
            return;
        }

        if (failure is not null)
        {
            await WriteAsync(http, serializer, mediaType, 400, GraphQLExecutor.Error(failure.Message, GraphQLErrorCodes.BadRequest));
            return;
        }

        var outcome = await executor.ExecuteAsync(http, request!, isGet);
        if (outcome.Abandoned)
        {
            // The client left and the work stopped with it: there is no one to answer.
            return;
        }

        if (outcome.MutationOverGet)
        {
            http.Response.Headers.Allow = "POST";
            await ProblemResults.WriteAsync(http, ProblemResults.Create(http, 405, "method_not_allowed", "Method not allowed", "Mutations are sent with POST."));
            return;
        }

        var result = outcome.Result!;
        var status = StatusOf(result, mediaType);
        if (outcome.Context is { RateLimit: { } state } context)
        {
            RateLimitMiddleware.WriteHeaders(http.Response.Headers, state);
            if (!state.Allowed)
            {
                http.Response.Headers.RetryAfter = ((int)state.RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            }

            result.Extensions ??= [];
            result.Extensions["cost"] = new Dictionary<string, object?>
            {
                ["complexity"] = context.Complexity,
                ["depth"] = context.Depth,
                ["tokens"] = context.Tokens,
                ["remaining"] = state.Remaining,
            };
        }

        await WriteAsync(http, serializer, mediaType, status, result);
    }

    // No data means the request failed as a whole: 4xx for the GraphQL response type; application/json keeps 200 (legacy clients).
    // An operation stopped by the timeout was well-formed: the server gave up on it (503).
    private static int StatusOf(ExecutionResult result, string mediaType)
    {
        var codes = result.Errors?.Select(e => e.Code).ToList() ?? [];
        if (codes.Contains(GraphQLErrorCodes.Throttled))
        {
            return 429;
        }

        if (codes.Contains(GraphQLErrorCodes.Timeout) && mediaType != GraphQLMediaTypes.Json)
        {
            return 503;
        }

        if (result.Executed || mediaType == GraphQLMediaTypes.Json)
        {
            return 200;
        }

        return codes.Count > 0 && codes.All(c => c == GraphQLErrorCodes.Forbidden) ? 403 : 400;
    }

    private static async Task WriteAsync(HttpContext http, GraphQLResponseSerializer serializer, string mediaType, int status, ExecutionResult result)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = mediaType + "; charset=utf-8";
        await serializer.WriteAsync(http.Response.BodyWriter, result, http.RequestAborted);
    }
}
