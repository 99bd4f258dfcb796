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
