using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using TagApi.Core.Tenancy;

namespace TagApi.Api.OpenApi;

/// <summary>
/// <c>POST /connect/token</c> as an operation (OpenIddict serves it outside the endpoint routing
/// Swashbuckle describes): the client-credentials form, the token response and RFC 6749 §5.2 errors.
/// </summary>
internal static class TokenOperation
{
    public const string Path = "/connect/token";

    private static readonly string[] OAuthErrors =
        ["invalid_request", "invalid_client", "invalid_grant", "unauthorized_client", "unsupported_grant_type", "invalid_scope"];

    public static void AddTo(OpenApiDocument document)
    {
        var schemas = document.Components!.Schemas!;
        schemas["TokenType"] = Enum("The token type: always `Bearer`.", ["Bearer"]);
        schemas["OAuthErrorCode"] = Enum("An OAuth2 error code (RFC 6749 §5.2).", OAuthErrors);
        schemas["TokenRequest"] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "An OAuth2 client-credentials token request (RFC 6749 §4.4), form-encoded.",
            Required = new HashSet<string> { "grant_type", "client_id", "client_secret" },
            Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
            {
                // A pattern, not a one-value enum: NSwag's System.Text.Json clients write enums by their C# names.
                ["grant_type"] = Text("The grant: always `client_credentials`.", 18, "^client_credentials$"),
                ["client_id"] = Text("The API client's id.", 100),
                ["client_secret"] = Text("The API client's secret.", 100),
                ["scope"] = Text("Space-separated scopes to grant (each must be allowed to the client); every allowed scope when absent. "
                    + "The operation's description and the security scheme say what each scope allows.", 1000, "^[a-z:]+( [a-z:]+)*$"),
            },
        };
        schemas["TokenResponse"] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "An access token: a JWT for the audience `tagapi`, carrying the client's tenant and the granted scopes.",
            Required = new HashSet<string> { "access_token", "token_type", "expires_in" },
            Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
            {
                ["access_token"] = Text("The bearer token to send as `Authorization: Bearer …`.", 8192),
                ["token_type"] = new OpenApiSchemaReference("TokenType", document),
                ["expires_in"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "0", Maximum = "86400", Description = "Seconds until the token expires (3600)." },
                ["scope"] = Text("The granted scopes, space-separated.", 1000),
            },
        };
        schemas["OAuthError"] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "An OAuth2 error response (RFC 6749 §5.2).",
            Required = new HashSet<string> { "error" },
            Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
            {
                ["error"] = new OpenApiSchemaReference("OAuthErrorCode", document),
                ["error_description"] = Text("What is wrong, for a person.", 1000),
                ["error_uri"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uri", MaxLength = 2000, Description = "A page about the error." },
            },
        };

        document.Paths ??= new OpenApiPaths();
        document.Paths[Path] = new OpenApiPathItem
        {
            Operations = new Dictionary<HttpMethod, OpenApiOperation> { [HttpMethod.Post] = Operation(document) },
        };
    }

    private static OpenApiOperation Operation(OpenApiDocument document) => new()
    {
        OperationId = "RequestToken",
        Summary = "Get an access token (OAuth2 client credentials)",
        Description = "Exchanges the API client's id and secret for a JWT access token valid one hour. Tokens are not refreshed: request a new one "
            + "before `expires_in` runs out. Attempts are rate-limited per client id and per source address.\n\n"
            + "The token carries the scopes named in `scope` (each must be allowed to the client), or every scope the client is allowed when "
            + "`scope` is absent. What each scope allows:\n\n" + ScopeList,
        Tags = new HashSet<OpenApiTagReference> { new(DocumentConventionsFilter.AuthTag, document) },
        // The client authenticates with its credentials in the form (RFC 6749 §2.3.1), not with a token: no security requirement applies.
        Security = [new OpenApiSecurityRequirement()],
        RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
            {
                ["application/x-www-form-urlencoded"] = new()
                {
                    Schema = new OpenApiSchemaReference("TokenRequest", document),
                    Example = JsonNode.Parse("""{"grant_type":"client_credentials","client_id":"cli_0123456789abcdef","client_secret":"tas_…","scope":"tags:read customers:write"}"""),
                },
            },
        },
        Responses = new OpenApiResponses
        {
            ["200"] = Response("The access token.", "application/json", "TokenResponse", document),
            ["400"] = Response("The request is malformed, names an unsupported grant or a scope the client may not use.", "application/json", "OAuthError", document),
            ["401"] = Response("The client is unknown, revoked, or its secret is wrong (`invalid_client`).", "application/json", "OAuthError", document),
            ["429"] = Response("Too many attempts; retry after `Retry-After` seconds.", ProblemResponses.MediaType, ProblemResponses.SchemaName, document, "429"),
            ["500"] = Response("Something failed on the server's side.", ProblemResponses.MediaType, ProblemResponses.SchemaName, document, "500"),
        },
    };

    /// <summary>A Markdown list: each scope and what it allows, in the order of <see cref="Scopes.All"/>.</summary>
    private static string ScopeList => string.Join("\n", Scopes.All.Select(s => $"- `{s}`: {ScopeDescriptions.All[s]}"));

    private static OpenApiResponse Response(string description, string mediaType, string schema, OpenApiDocument document, string? status = null)
    {
        var headers = new Dictionary<string, IOpenApiHeader>(StringComparer.Ordinal)
        {
            [StandardHeaders.RateLimitPolicy] = new OpenApiHeaderReference(StandardHeaders.RateLimitPolicy, document),
            [StandardHeaders.RateLimit] = new OpenApiHeaderReference(StandardHeaders.RateLimit, document),
            [StandardHeaders.AllowOrigin] = new OpenApiHeaderReference(StandardHeaders.AllowOrigin, document),
        };
        if (status == "429")
        {
            headers[StandardHeaders.RetryAfter] = new OpenApiHeaderReference(StandardHeaders.RetryAfter, document);
        }

        return new OpenApiResponse
        {
            Description = description,
            Headers = headers,
            Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal) { [mediaType] = new() { Schema = new OpenApiSchemaReference(schema, document) } },
        };
    }

    private static OpenApiSchema Enum(string description, IEnumerable<string> values) =>
        new() { Type = JsonSchemaType.String, Description = description, Enum = values.Select(v => (JsonNode)JsonValue.Create(v)).ToList() };

    private static OpenApiSchema Text(string description, int maxLength, string? pattern = null) =>
        new() { Type = JsonSchemaType.String, Description = description, MaxLength = maxLength, Pattern = pattern };
}
