using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;
using TagApi.Api.Auth;
using TagApi.Core.Tenancy;

namespace TagApi.Api.OpenApi;

/// <summary>The OpenAPI 3 document at <c>/openapi/v1.json</c> and interactive docs at <c>/docs</c>.</summary>
public static class OpenApiServices
{
    public const string DocumentPath = "/openapi/v1.json";

    public static IServiceCollection AddTagApiOpenApi(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(o =>
        {
            o.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "TagApi",
                Version = "v1",
                Description = "Multi-tenant customer tagging and segmentation. Authenticate with OAuth2 client credentials at /connect/token. "
                    + "Errors are RFC 9457 problems with a stable `code`; lists are cursor-paged; every write accepts an `Idempotency-Key`; "
                    + "single resources carry ETags for conditional requests; every response reports the client's rate limit.",
            });
            o.AddSecurityDefinition(OperationConventionsFilter.SchemeName, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.OAuth2,
                Description = "OAuth2 client credentials (RFC 6749 §4.4). Access tokens are JWTs (RFC 7519) for the audience `tagapi`, valid one hour; "
                    + "request a new one at the token URL before it expires. Tokens follow the JWT Best Current Practices of RFC8725: signed with "
                    + "RS256 by the server's own key, `alg` fixed by the server, issuer, audience, lifetime and `nbf` always validated. "
                    + "The token's scopes decide what a call may do.",
                Flows = new OpenApiOAuthFlows
                {
                    ClientCredentials = new OpenApiOAuthFlow
                    {
                        // Made absolute per request by ServerAddress; this is the local development default.
                        TokenUrl = new Uri("http://localhost:5080/connect/token"),
                        RefreshUrl = new Uri("http://localhost:5080/connect/token"),
                        Scopes = ScopeDescriptions.All,
                    },
                },
            });
            o.OperationFilter<OperationConventionsFilter>();
            o.SchemaFilter<SchemaShapeFilter>();
            o.DocumentFilter<DocumentConventionsFilter>();
            o.SupportNonNullableReferenceTypes();
            // Free JSON is an object of anything (or any value), never a copy of .NET's JSON DOM types.
            o.MapType<JsonObject>(() => FreeObject());
            o.MapType<JsonElement>(() => new OpenApiSchema());
            o.MapType<JsonNode>(() => new OpenApiSchema());
            o.MapType<object>(() => new OpenApiSchema());
            o.CustomSchemaIds(t => t.Name.Replace("`1", string.Empty, StringComparison.Ordinal) + string.Concat(t.GetGenericArguments().Select(a => a.Name)));
            foreach (var assembly in new[] { typeof(OpenApiServices).Assembly, typeof(Scopes).Assembly })
            {
                var xml = Path.Combine(AppContext.BaseDirectory, assembly.GetName().Name + ".xml");
                if (File.Exists(xml))
                {
                    o.IncludeXmlComments(xml);
                }
            }
        });
        services.Replace(ServiceDescriptor.Transient<ISerializerDataContractResolver>(sp =>
            new OptionalAwareContractResolver(new JsonSerializerDataContractResolver(sp.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions))));
        return services;
    }

    private static OpenApiSchema FreeObject() => new() { Type = JsonSchemaType.Object, AdditionalProperties = new OpenApiSchema() };

    public static WebApplication MapTagApiOpenApi(this WebApplication app)
    {
        var auth = app.Services.GetRequiredService<IOptions<AuthOptions>>().Value;
        app.UseSwagger(o =>
        {
            o.RouteTemplate = "openapi/{documentName}.json";
            o.PreSerializeFilters.Add((document, request) => ServerAddress.Apply(document, request, auth));
        });
        app.UseSwaggerUI(o =>
        {
            o.RoutePrefix = "docs";
            o.SwaggerEndpoint(DocumentPath, "TagApi v1");
            o.DocumentTitle = "TagApi — API reference";
        });
        return app;
    }
}
