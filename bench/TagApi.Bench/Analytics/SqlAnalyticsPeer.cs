using System.Data.Common;

namespace TagApi.Bench.Analytics;

/// <summary>
/// W10's three questions answered by SQL on one open connection — PostgreSQL over TagApi's tables, or DuckDB over
/// the same rows loaded into it. The statements come from <see cref="AnalyticsSql"/>; this only runs them and
/// reads the rows into an <see cref="AnalyticsAnswer"/>.
/// </summary>
public sealed class SqlAnalyticsPeer(string name, DbConnection connection, AnalyticsSql sql, IReadOnlyDictionary<string, long> tagIds) : IAnalyticsSubject
{
    public string Name { get; } = name;

    public AnalyticsAnswer Distribution(DateTime since)
    {
        var total = Rows(sql.Customers, r => r.GetInt64(0)).Single();
        var tags = Rows(sql.Tags(since), r => (r.GetString(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4)));
        var categories = Rows(sql.Coverage, r => (r.GetString(0), r.GetInt64(1)));
        return AnalyticsAnswer.Distribution(total, tags, categories);
    }

    public AnalyticsAnswer Overlap(IReadOnlyList<string> keys)
    {
        var ids = keys.Select(k => tagIds[k]).ToList();
        var pairs = Rows(sql.Overlap(ids), r => (A: r.GetInt64(0), B: r.GetInt64(1), Count: r.GetInt64(2)))
            .ToDictionary(p => (p.A, p.B), p => p.Count);
        return AnalyticsAnswer.Overlap(keys, (i, j) =>
        {
            var (a, b) = (Math.Min(ids[i], ids[j]), Math.Max(ids[i], ids[j]));
            return pairs.GetValueOrDefault((a, b));
        });
    }

    public AnalyticsAnswer Trend(string key, DateTime from, DateTime to) =>
        AnalyticsAnswer.Trend(Rows(sql.Trend(tagIds[key], from, to), r => (r.GetDateTime(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3))));

    public void Dispose() => connection.Dispose();

    private List<T> Rows<T>(string text, Func<DbDataReader, T> read)
    {
        using var command = connection.CreateCommand();
        command.CommandText = text;
        command.CommandTimeout = 600;
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}
