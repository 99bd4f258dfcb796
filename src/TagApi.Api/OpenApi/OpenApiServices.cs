using System.Reflection;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;
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
                Description = "Multi-tenant customer tagging and segmentation. Authenticate with OAuth2 client credentials at /connect/token.",
            });
            o.AddSecurityDefinition(SecurityAndHeadersFilter.SchemeName, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.OAuth2,
                Description = "OAuth2 client credentials; the token's scopes decide what a call may do.",
                Flows = new OpenApiOAuthFlows
                {
                    ClientCredentials = new OpenApiOAuthFlow
                    {
                        TokenUrl = new Uri("/connect/token", UriKind.Relative),
                        Scopes = Scopes.All.ToDictionary(s => s, s => s),
                    },
                },
            });
            o.OperationFilter<SecurityAndHeadersFilter>();
            o.SupportNonNullableReferenceTypes();
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

    public static WebApplication MapTagApiOpenApi(this WebApplication app)
    {
        app.UseSwagger(o => o.RouteTemplate = "openapi/{documentName}.json");
        app.UseSwaggerUI(o =>
        {
            o.RoutePrefix = "docs";
            o.SwaggerEndpoint(DocumentPath, "TagApi v1");
            o.DocumentTitle = "TagApi — API reference";
        });
        return app;
    }
}
