using Microsoft.Data.Sqlite;
using TagApi.Bench.Data;
using TagApi.Bench.Engines;

namespace TagApi.Bench.Workloads;

/// <summary>The SQLite side of W9: the dataset in a SQLite file, a connection for the SQL peers, and a TagApi server on that file.</summary>
public sealed class SqliteStage : IDisposable
{
    private readonly TagApiServer? _server;

    public SqliteStage(Dataset data, TagApiCli cli, string logPath)
    {
        Data = data;
        Connection = new SqliteConnection(data.Target.ConnectionString + ";Mode=ReadOnly");
        Connection.Open();
        const string name = "TagApi (HTTP, SQLite)";
        try
        {
            _server = TagApiServer.Start(cli, data.Target, logPath);
            Engine = new EngineSlot(name, new HttpSegmentEngine(name, _server.BaseAddress, data.ClientId, data.ClientSecret), null, _server.ProcessId);
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or HttpRequestException)
        {
            Engine = new EngineSlot(name, null, "failed: " + e.Message, null);
        }
    }

    public Dataset Data { get; }

    public SqliteConnection Connection { get; }

    public EngineSlot Engine { get; }

    public long Count(string sql)
    {
        using var command = Connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 300;
        return (long)command.ExecuteScalar()!;
    }

    public void Dispose()
    {
        Engine.Engine?.Dispose();
        _server?.Dispose();
        Connection.Dispose();
    }
}
