using System.Globalization;
using Npgsql;
using TagApi.Bench.Infrastructure;

namespace TagApi.Bench.Peers;

/// <summary>
/// Runs peer SQL on one dedicated connection: counts, prepared keyset pages, and COPY exports
/// read the way a client streaming them to a file would.
/// </summary>
public sealed class PostgresPeer : IDisposable
{
    private const int PageDefault = 50;
    private readonly NpgsqlConnection _connection;

    public PostgresPeer(NpgsqlDataSource dataSource)
    {
        _connection = dataSource.OpenConnection();
        // Page queries are prepared; a generic plan would not know where @after starts and
        // could scan everything. Planning each execution for its values is what a careful
        // hand-written peer does.
        using var command = new NpgsqlCommand("SET plan_cache_mode = force_custom_plan", _connection);
        command.ExecuteNonQuery();
    }

    /// <summary>How each peer query is timed (fewer repetitions on very large data).</summary>
    public TagApi.Bench.Infrastructure.MeasureBudget Budget { get; init; } = TagApi.Bench.Infrastructure.MeasureBudget.Default;

    public long Count(string sql)
    {
        using var command = new NpgsqlCommand(sql, _connection) { CommandTimeout = 300 };
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>A prepared page query taking <c>@after</c> and <c>@limit</c>; returns the ids.</summary>
    public Func<long, int, List<long>> PreparePage(string sql)
    {
        var command = new NpgsqlCommand(sql, _connection) { CommandTimeout = 300 };
        var after = new NpgsqlParameter<long>("after", 0L);
        var limit = new NpgsqlParameter<int>("limit", PageDefault);
        command.Parameters.Add(after);
        command.Parameters.Add(limit);
        command.Prepare();
        return (afterId, pageSize) =>
        {
            after.TypedValue = afterId;
            limit.TypedValue = pageSize;
            var ids = new List<long>(pageSize);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                ids.Add(reader.GetInt64(0));
            }

            return ids;
        };
    }

    /// <summary><c>COPY (query) TO STDOUT (FORMAT BINARY)</c> of one bigint column, ids to <paramref name="sink"/> in batches.</summary>
    public long CopyIds(string query, Action<ReadOnlySpan<long>> sink)
    {
        var ids = new IdBatches(sink);
        using (var reader = _connection.BeginBinaryExport($"COPY ({query}) TO STDOUT (FORMAT BINARY)"))
        {
            while (reader.StartRow() != -1)
            {
                ids.Add(reader.Read<long>());
            }
        }

        return ids.Finish();
    }

    /// <summary><c>COPY (query) TO STDOUT</c> in text format (id first), ids parsed back out; counts the characters too.</summary>
    public (long Rows, long Chars) CopyText(string query, Action<ReadOnlySpan<long>> sink)
    {
        var ids = new IdBatches(sink);
        long chars = 0;
        using (var reader = _connection.BeginTextExport($"COPY ({query}) TO STDOUT"))
        {
            while (reader.ReadLine() is { } line)
            {
                chars += line.Length + 1;
                var tab = line.IndexOf('\t', StringComparison.Ordinal);
                ids.Add(long.Parse(line.AsSpan(0, tab < 0 ? line.Length : tab), CultureInfo.InvariantCulture));
            }
        }

        return (ids.Finish(), chars);
    }

    public void Dispose() => _connection.Dispose();
}
