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
        var section = configuration.GetSection("GraphQL");
        services.AddOptions<GraphQLOptions>().Bind(section)
            .Validate(o => o.MaxDocumentBytes > 0 && o.MaxDepth > 0 && o.MaxComplexity > 0 && o.MaxSelections > 0 && o.MaxEvaluations > 0
                && o.ComplexityPerToken > 0 && o.TimeoutSeconds > 0 && o.DocumentCacheSize > 0, "GraphQL limits are positive numbers.")
            .ValidateOnStart();
        // Read once here as well: the switch decides which validator and strategy are registered at all.
        var planning = section.Get<GraphQLOptions>()?.ExecutionPlanning ?? new GraphQLOptions().ExecutionPlanning;
        services.AddSingleton<DocumentCache>();
        services.AddSingleton<CostLimits>();
        services.AddSingleton<SelectionBudget>();
        services.AddSingleton<GraphQLErrors>();
        services.AddSingleton<GraphQLRequestReader>();
        services.AddSingleton<GraphQLExecutor>();
        services.AddScoped<BatchLoaders>();
        services.AddTransient(typeof(ConnectionGraphType<>));
        services.AddTransient(typeof(CountedConnectionGraphType<>));
        services.AddTransient(typeof(EdgeGraphType<>));
        if (planning)
        {
            // Before AddGraphQL, which registers the library's validator only when none is.
            services.AddSingleton<IDocumentValidator, PlannedDocumentValidator>();
        }

        services.AddGraphQL(b =>
        {
            b.AddSchema<TagApiSchema>()
                .AddGraphTypes(typeof(TagApiSchema).Assembly)
                .AddSystemTextJson()
                .AddSerializer<GraphQLResponseSerializer>()
                .AddErrorInfoProvider(o =>
                {
                    o.ExposeCodes = false;
                    o.ExposeExceptionDetails = false;
                });
            // One DbContext per request is not thread-safe: fields resolve one at a time; loaders still batch.
            if (planning)
            {
                b.AddExecutionStrategy<PlannedExecutionStrategy>(OperationType.Query);
            }
            else
            {
                b.AddExecutionStrategy<SerialExecutionStrategy>(OperationType.Query);
            }
        });
        // The endpoint writes results with the registered serializer's own pipe writer.
        services.AddSingleton(sp => (GraphQLResponseSerializer)sp.GetRequiredService<IGraphQLSerializer>());
        return services;
    }
}
