using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace TagApi.Api.OpenApi;

/// <summary>The problem responses of a REST operation, each an <c>application/problem+json</c> <c>Problem</c>.</summary>
internal static class ProblemResponses
{
    public const string SchemaName = "Problem";
    public const string MediaType = "application/problem+json";

    private static readonly Dictionary<string, string> Descriptions = new(StringComparer.Ordinal)
    {
        ["400"] = "The request is invalid (`validation_failed` names each bad field in `errors`; also `invalid_cursor`, `query_invalid`, a malformed `Idempotency-Key`…).",
        ["401"] = "No valid access token (`unauthorized`).",
        ["403"] = "The token lacks the scope this operation needs (`forbidden`).",
        ["404"] = "No such resource in the caller's tenant (`not_found`); another tenant's id looks the same.",
        ["409"] = "The request conflicts with the current state (a specific code such as `conflict` or `rule_owned`), or a request with the same `Idempotency-Key` is still running (`idempotency_in_flight`).",
        ["412"] = "`If-Match` names a version that is no longer current (`precondition_failed`); nothing was changed.",
        ["413"] = "The request body is larger than allowed (`payload_too_large`).",
        ["415"] = "The body's media type is not accepted (`unsupported_media_type`).",
        ["422"] = "The `Idempotency-Key` was used before with a different request (`idempotency_key_reused`).",
        ["429"] = "The client's rate limit is exhausted (`rate_limited`); retry after `Retry-After` seconds.",
        ["500"] = "Something failed on the server's side (`internal_error`); the request can be retried.",
    };

    public static void Apply(OpenApiOperation operation, OperationFilterContext context, bool hasPathParameters, bool write, string operationId)
    {
        operation.Responses ??= [];
        var statuses = new List<string> { "400", "401", "403", "429", "500" };
        if (hasPathParameters)
        {
            statuses.Add("404");
        }

        if (write)
        {
            statuses.AddRange(["409", "422"]);
        }

        if (ConditionalOperations.Writes.Contains(operationId))
        {
            statuses.Add("412");
        }

        foreach (var status in statuses.Concat(operation.Responses.Keys.Where(k => k[0] is '4' or '5')).Distinct().ToList())
        {
            operation.Responses[status] = new OpenApiResponse
            {
                Description = Descriptions.GetValueOrDefault(status, "A problem (RFC 9457)."),
                Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
                {
                    [MediaType] = new() { Schema = new OpenApiSchemaReference(SchemaName, context.Document) },
                },
            };
        }

        if (ConditionalOperations.Reads.Contains(operationId))
        {
            operation.Responses["304"] = new OpenApiResponse { Description = "Not modified: the resource still has the `ETag` given in `If-None-Match`; no body." };
        }

        operation.Responses = Sorted(operation.Responses);
    }

    private static OpenApiResponses Sorted(OpenApiResponses responses)
    {
        var sorted = new OpenApiResponses();
        foreach (var (status, response) in responses.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            sorted[status] = response;
        }

        return sorted;
    }
}
