using GraphQL;
using GraphQL.Execution;
using GraphQL.Validation;
using GraphQLParser.AST;

namespace TagApi.Api.GraphQL;

/// <summary>Registers the GraphQL schema, its execution and its HTTP transport.</summary>
public static class GraphQLServices
{
    public static IServiceCollection AddTagApiGraphQL(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<GraphQLOptions>(configuration.GetSection("GraphQL"));
        services.AddSingleton<DocumentCache>();
        services.AddSingleton<CostLimits>();
        services.AddSingleton<GraphQLErrors>();
        services.AddSingleton<GraphQLRequestReader>();
        services.AddSingleton<GraphQLExecutor>();
        services.AddScoped<BatchLoaders>();
        // Before AddGraphQL, which registers the library's validator only when none is.
        services.AddSingleton<IDocumentValidator, PlannedDocumentValidator>();
        services.AddGraphQL(b => b
            .AddSchema<TagApiSchema>()
            .AddGraphTypes(typeof(TagApiSchema).Assembly)
            .AddSystemTextJson()
            .AddSerializer<GraphQLResponseSerializer>()
            .AddErrorInfoProvider(o =>
            {
                o.ExposeCodes = false;
                o.ExposeExceptionDetails = false;
            })
            // One DbContext per request is not thread-safe: fields resolve one at a time; loaders still batch.
            .AddExecutionStrategy<PlannedExecutionStrategy>(OperationType.Query));
        // The endpoint writes results with the registered serializer's own pipe writer.
        services.AddSingleton(sp => (GraphQLResponseSerializer)sp.GetRequiredService<IGraphQLSerializer>());
        return services;
    }
}
