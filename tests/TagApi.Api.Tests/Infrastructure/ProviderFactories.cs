using Npgsql;

namespace TagApi.Api.Tests.Infrastructure;

/// <summary>TagApi on a SQLite file of its own.</summary>
public sealed class SqliteTagApiFactory : TagApiFactoryOnSqlite;

/// <summary>Base of SQLite-backed factories, for variants with other settings.</summary>
public abstract class TagApiFactoryOnSqlite : TagApiFactory
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"tagapi-test-{Guid.NewGuid():N}.db");

    public override string ProviderName => "Sqlite";

    protected override string ConnectionString => $"Data Source={_path}";

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
        {
            File.Delete(file);
        }
    }
}

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

/// <summary>One throwaway database on the test PostgreSQL server.</summary>
public sealed class PostgresTestDatabase
{
    private readonly string _name = $"tagapi_{Guid.NewGuid():N}";

    public string ConnectionString => new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = _name }.ConnectionString;

    /// <summary>The server, from <c>TAGAPI_TEST_POSTGRES</c>; its absence fails the test rather than skipping it.</summary>
    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable("TAGAPI_TEST_POSTGRES") is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                "TAGAPI_TEST_POSTGRES is not set. Run the tests with scripts/test.sh, which starts a private PostgreSQL server, or point the variable at one.");

    public async Task CreateAsync()
    {
        await using var connection = new NpgsqlConnection(ServerConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{_name}\"", connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task DropAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(ServerConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
