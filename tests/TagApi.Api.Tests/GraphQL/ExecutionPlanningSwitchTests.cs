using GraphQL;
using GraphQL.Execution;
using GraphQL.Validation;
using GraphQLParser.AST;
using Microsoft.Extensions.DependencyInjection;
using TagApi.Api.GraphQL;
using TagApi.Api.Tests.Infrastructure;

namespace TagApi.Api.Tests.GraphQL;

/// <summary>What the switch changes: with planning off, the library's validator and serial strategy are the ones registered.</summary>
public sealed class ExecutionPlanningSwitchTests(WithoutPlanningSqliteFactory without, SqliteTagApiFactory with)
    : IClassFixture<WithoutPlanningSqliteFactory>, IClassFixture<SqliteTagApiFactory>
{
    [Fact]
    public void Without_planning_the_library_validates_and_executes_queries_serially()
    {
        Assert.IsType<DocumentValidator>(without.Services.GetRequiredService<IDocumentValidator>());
        Assert.IsType<SerialExecutionStrategy>(QueryStrategy(without.Services));
        Assert.False(without.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<GraphQLOptions>>().Value.ExecutionPlanning);
    }

    [Fact]
    public void With_planning_the_planned_validator_and_strategy_are_registered()
    {
        Assert.IsType<PlannedDocumentValidator>(with.Services.GetRequiredService<IDocumentValidator>());
        Assert.IsType<PlannedExecutionStrategy>(QueryStrategy(with.Services));
    }

    private static IExecutionStrategy QueryStrategy(IServiceProvider services)
    {
        using var scope = services.CreateScope();
        var context = new global::GraphQL.Execution.ExecutionContext
        {
            Operation = new GraphQLOperationDefinition(new GraphQLSelectionSet([])) { Operation = OperationType.Query },
            RequestServices = scope.ServiceProvider,
        };
        return scope.ServiceProvider.GetRequiredService<IExecutionStrategySelector>().Select(context);
    }
}
