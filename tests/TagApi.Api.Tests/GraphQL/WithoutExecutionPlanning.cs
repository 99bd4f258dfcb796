using GraphQL;
using GraphQL.Execution;
using GraphQL.Validation;
using GraphQLParser.AST;
using Microsoft.Extensions.DependencyInjection;
using TagApi.Api.GraphQL;
using TagApi.Api.Tests.Infrastructure;

namespace TagApi.Api.Tests.GraphQL;

// Every GraphQL suite runs a second time with GraphQL:ExecutionPlanning off, so the library's own validation and
// serial execution answer the same tests as the plans do. Once, on SQLite: the plans are provider-independent,
// and the suites already run on both providers with planning on.

/// <summary>The planning switch's setting, shared by the factories below.</summary>
internal static class WithoutPlanning
{
    public static readonly KeyValuePair<string, string?> Setting = new("GraphQL:ExecutionPlanning", "false");
}

/// <summary>TagApi on SQLite with GraphQL execution planning off.</summary>
public sealed class SqliteTagApiFactoryWithoutPlanning : TagApiFactoryOnSqlite
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings => [WithoutPlanning.Setting];
}

/// <summary>The cost suite's small bucket on SQLite, with GraphQL execution planning off.</summary>
public sealed class GraphQLCostFactoryOnSqliteWithoutPlanning : TagApiFactoryOnSqlite
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings => [.. GraphQLCostSettings.Values, WithoutPlanning.Setting];
}

public sealed class GraphQLAmplificationOnSqliteWithoutPlanning(SqliteTagApiFactoryWithoutPlanning factory)
    : GraphQLAmplificationTests(factory), IClassFixture<SqliteTagApiFactoryWithoutPlanning>;

public sealed class GraphQLParityOnSqliteWithoutPlanning(SqliteTagApiFactoryWithoutPlanning factory)
    : GraphQLParityTests(factory), IClassFixture<SqliteTagApiFactoryWithoutPlanning>;

public sealed class GraphQLAccessOnSqliteWithoutPlanning(SqliteTagApiFactoryWithoutPlanning factory)
    : GraphQLAccessTests(factory), IClassFixture<SqliteTagApiFactoryWithoutPlanning>;

public sealed class GraphQLCostOnSqliteWithoutPlanning(GraphQLCostFactoryOnSqliteWithoutPlanning factory)
    : GraphQLCostTests(factory), IClassFixture<GraphQLCostFactoryOnSqliteWithoutPlanning>;

public sealed class GraphQLOperationPlanOnSqliteWithoutPlanning(SqliteTagApiFactoryWithoutPlanning factory)
    : GraphQLOperationPlanTests(factory), IClassFixture<SqliteTagApiFactoryWithoutPlanning>;

public sealed class GraphQLPagingOnSqliteWithoutPlanning(SqliteTagApiFactoryWithoutPlanning factory)
    : GraphQLPagingTests(factory), IClassFixture<SqliteTagApiFactoryWithoutPlanning>;

public sealed class GraphQLProtocolOnSqliteWithoutPlanning(SqliteTagApiFactoryWithoutPlanning factory)
    : GraphQLProtocolTests(factory), IClassFixture<SqliteTagApiFactoryWithoutPlanning>;

public sealed class GraphQLRulesOnSqliteWithoutPlanning(SqliteTagApiFactoryWithoutPlanning factory)
    : GraphQLRuleTests(factory), IClassFixture<SqliteTagApiFactoryWithoutPlanning>;

public sealed class GraphQLWebhookOnSqliteWithoutPlanning(SqliteTagApiFactoryWithoutPlanning factory)
    : GraphQLWebhookTests(factory), IClassFixture<SqliteTagApiFactoryWithoutPlanning>;

/// <summary>What the switch changes: with planning off, the library's validator and serial strategy are the ones registered.</summary>
public sealed class ExecutionPlanningSwitchTests(SqliteTagApiFactoryWithoutPlanning without, SqliteTagApiFactory with)
    : IClassFixture<SqliteTagApiFactoryWithoutPlanning>, IClassFixture<SqliteTagApiFactory>
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
