using TagApi.Api.Tests.Infrastructure;

namespace TagApi.Api.Tests.GraphQL;

/// <summary>
/// TagApi on SQLite with GraphQL execution planning off. Every GraphQL suite runs a third time on it, so the library's
/// own validation and serial execution answer the same tests as the plans do: once, on SQLite, since the plans do not
/// depend on the provider and the suites already run on both providers with planning on.
/// </summary>
public sealed class WithoutPlanningSqliteFactory : TagApiFactoryOnSqlite
{
    /// <summary>The switch's setting, for other factories that turn planning off as well.</summary>
    public static readonly KeyValuePair<string, string?> Setting = new("GraphQL:ExecutionPlanning", "false");

    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings => [Setting];
}
