using System.ComponentModel.DataAnnotations;
using TagApi.Api.Configuration;
using TagApi.Data;

namespace TagApi.Api.Database;

/// <summary>Which database and how it is brought up, from the <c>Database</c> section.</summary>
public sealed class DatabaseOptions : ISettingsSection, IValidatableObject
{
    public static string SectionName => "Database";

    /// <summary>The database engine: <c>Sqlite</c>, <c>Postgres</c> or <c>SqlServer</c>.</summary>
    public string Provider { get; set; } = nameof(DatabaseProvider.Sqlite);

    /// <summary>Apply pending migrations when the server starts (the <c>migrate</c> command does it on its own otherwise).</summary>
    public bool MigrateOnStartup { get; set; } = true;

    /// <summary>On PostgreSQL, hot customer reads share round trips over a multiplexed connection pool.</summary>
    public bool MultiplexedReads { get; set; } = true;

    /// <summary>The provider named by <see cref="Provider"/> (a method, so the configuration binder leaves it alone).</summary>
    public DatabaseProvider ProviderKind() => ParseProvider(Provider) ?? throw new InvalidOperationException(UnknownProvider);

    private string UnknownProvider => $"Unknown Database:Provider '{Provider}'; use Sqlite, Postgres or SqlServer.";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ParseProvider(Provider) is null)
        {
            yield return new ValidationResult(UnknownProvider, [nameof(Provider)]);
        }
    }

    private static DatabaseProvider? ParseProvider(string? name) => name?.ToLowerInvariant() switch
    {
        "sqlite" => DatabaseProvider.Sqlite,
        "postgres" or "postgresql" or "npgsql" => DatabaseProvider.Postgres,
        "sqlserver" or "mssql" => DatabaseProvider.SqlServer,
        _ => null,
    };
}
