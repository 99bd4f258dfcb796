using Npgsql;

namespace TagApi.Api.Tests.Infrastructure;

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
