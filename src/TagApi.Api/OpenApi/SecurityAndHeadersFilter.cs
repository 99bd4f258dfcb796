using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace TagApi.Api.OpenApi;

/// <summary>
/// Marks each protected operation with the OAuth2 scope its policy needs, and documents the
/// rate-limit headers every metered response carries.
/// </summary>
internal sealed class SecurityAndHeadersFilter : IOperationFilter
{
    public const string SchemeName = "oauth2";

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var scopes = context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>()
            .Select(a => a.Policy).OfType<string>().Distinct().ToList();
        if (scopes.Count > 0)
        {
            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, context.Document)] = scopes });
            operation.Description = $"Requires scope: {string.Join(", ", scopes)}.";
        }

        var path = context.ApiDescription.RelativePath ?? string.Empty;
        if (operation.Responses is null || path.StartsWith("healthz", StringComparison.Ordinal) || path.StartsWith("readyz", StringComparison.Ordinal))
        {
            return;
        }

        foreach (var (status, response) in operation.Responses)
        {
            if (response is not OpenApiResponse concrete)
            {
                continue;
            }

            concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
            concrete.Headers["RateLimit-Policy"] = Header("The client's token-bucket policy, e.g. \"default\";q=1000;w=10.");
            concrete.Headers["RateLimit"] = Header("What is left of the bucket, e.g. \"default\";r=998;t=1.");
            if (status == "429")
            {
                concrete.Headers["Retry-After"] = Header("Seconds to wait before retrying.", JsonSchemaType.Integer);
            }
        }
    }

    private static OpenApiHeader Header(string description, JsonSchemaType type = JsonSchemaType.String) =>
        new() { Description = description, Schema = new OpenApiSchema { Type = type } };
}
