using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace TagApi.Api.OpenApi;

/// <summary>
/// Gives each REST operation what PRODUCT.md §2.2 and §2.5 promise: its scope and a description,
/// the problem responses it can answer with (typed as <c>Problem</c>), the rate-limit and CORS
/// headers on every response, <c>Idempotency-Key</c> on every write, and ETags with conditional
/// headers on single resources.
/// </summary>
internal sealed class OperationConventionsFilter : IOperationFilter
{
    public const string SchemeName = "oauth2";

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var path = context.ApiDescription.RelativePath ?? string.Empty;
        var id = operation.OperationId ?? string.Empty;
        var method = context.ApiDescription.HttpMethod ?? "GET";
        var write = method is "POST" or "PUT" or "PATCH" or "DELETE";
        var scopes = context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>()
            .Select(a => a.Policy).OfType<string>().Distinct().ToList();
        if (scopes.Count > 0)
        {
            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, context.Document)] = scopes });
        }
        else if (context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<Features.BulkJobs.AnyOfScopes>().FirstOrDefault() is { } anyOf)
        {
            // Any one of the scopes will do: alternative requirements, one scope each.
            operation.Security ??= [];
            foreach (var scope in anyOf.Scopes)
            {
                operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, context.Document)] = [scope] });
            }

            operation.Description = (operation.Description ?? operation.Summary?.TrimEnd('.') + ".")
                + " Requires the scope of the job's kind: `customers:write` (customers.import, tag-assignments.import, segment.tag), "
                + "`activities:write` (activities.import) or `customers:read` (customers.export).";
        }

        operation.Description = Describe(operation, scopes, write);
        ParameterConventions.Apply(operation);
        StreamBodies.Apply(operation);
        if (id == "RecordActivity" && operation.RequestBody?.Content?.TryGetValue("application/json", out var single) == true)
        {
            // The handler also binds the older batch form; the document shows the single form only.
            single.Schema = context.SchemaGenerator.GenerateSchema(typeof(Features.Activities.ActivityItemRequest), context.SchemaRepository);
        }

        RequestExamples.Apply(operation);
        if (!path.StartsWith("v1/", StringComparison.Ordinal))
        {
            operation.Responses ??= [];
            foreach (var response in operation.Responses.Values.OfType<OpenApiResponse>())
            {
                response.Headers = new Dictionary<string, IOpenApiHeader> { [StandardHeaders.AllowOrigin] = Header(StandardHeaders.AllowOrigin, context) };
            }

            return;
        }

        operation.Parameters ??= [];
        if (write)
        {
            operation.Parameters.Add(new OpenApiParameterReference(StandardHeaders.IdempotencyKey, context.Document));
        }

        if (ConditionalOperations.Writes.Contains(id))
        {
            operation.Parameters.Add(new OpenApiParameterReference(StandardHeaders.IfMatch, context.Document));
        }

        if (ConditionalOperations.Reads.Contains(id))
        {
            operation.Parameters.Add(new OpenApiParameterReference(StandardHeaders.IfNoneMatch, context.Document));
        }

        ProblemResponses.Apply(operation, context, path.Contains('{', StringComparison.Ordinal), write, id);
        foreach (var (status, response) in operation.Responses!)
        {
            if (response is OpenApiResponse concrete)
            {
                concrete.Headers = HeadersFor(status, id, write, context);
            }
        }
    }

    private static string Describe(OpenApiOperation operation, List<string> scopes, bool write)
    {
        var text = operation.Description ?? (operation.Summary is { } summary ? summary.TrimEnd('.') + "." : string.Empty);
        if (scopes.Count > 0)
        {
            text += $" Requires the `{string.Join("` and `", scopes)}` scope.";
        }

        if (write)
        {
            text += " Safe to retry with an `Idempotency-Key`.";
        }

        return text.Trim();
    }

    private static Dictionary<string, IOpenApiHeader> HeadersFor(string status, string id, bool write, OperationFilterContext context)
    {
        var names = new List<string> { StandardHeaders.RateLimitPolicy, StandardHeaders.RateLimit, StandardHeaders.AllowOrigin };
        if (status == "429")
        {
            names.Add(StandardHeaders.RetryAfter);
        }

        if (status is "200" or "201" or "304" && ConditionalOperations.CarriesETag(id))
        {
            names.Add(StandardHeaders.ETag);
        }

        if (status == "201")
        {
            names.Add(StandardHeaders.Location);
        }

        if (write && status.StartsWith('2'))
        {
            names.Add(StandardHeaders.IdempotentReplayed);
        }

        return names.ToDictionary(n => n, n => (IOpenApiHeader)Header(n, context), StringComparer.Ordinal);
    }

    private static OpenApiHeaderReference Header(string name, OperationFilterContext context) => new OpenApiHeaderReference(name, context.Document);
}
