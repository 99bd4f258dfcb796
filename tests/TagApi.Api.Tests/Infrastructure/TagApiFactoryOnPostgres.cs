namespace TagApi.Api.Tests.Infrastructure;

/// <summary>TagApi on a fresh database of the PostgreSQL server that <c>scripts/test.sh</c> starts.</summary>
public sealed class PostgresTagApiFactory : TagApiFactoryOnPostgres;

/// <summary>Base of PostgreSQL-backed factories, for variants with other settings.</summary>
public abstract class TagApiFactoryOnPostgres : TagApiFactory
{
    private readonly PostgresTestDatabase _database = new();

    public override string ProviderName => "Postgres";

    protected override string ConnectionString => _database.ConnectionString;

    public override Task InitializeAsync() => _database.CreateAsync();

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _database.DropAsync();
    }
}
