using System.Net;
using TagApi.Bench.Infrastructure;

namespace TagApi.Bench.Engines;

public sealed partial class HttpSegmentEngine
{
    private const string IdMarker = "\"id\":\"";

    /// <summary>Saves the query as a segment once (export works on saved segments), then streams its NDJSON export.</summary>
    public ExportResult Export(string query, ExportFields fields, Action<ReadOnlySpan<long>> sink)
    {
        var key = SegmentKey(query);
        if (!_savedSegments.Contains(key))
        {
            var body = new Dictionary<string, object> { ["key"] = key, ["name"] = "Benchmark export " + key, ["query"] = query };
            using var created = Send(HttpMethod.Post, HttpContract.Segments, JsonContent(body), stream: false, HttpStatusCode.Conflict);
            _savedSegments.Add(key);
        }

        using var response = Send(HttpMethod.Get, HttpContract.Export(key, fields), content: null, stream: true);
        using var reader = new StreamReader(response.Content.ReadAsStream());
        var ids = new IdBatches(sink);
        long bytes = 0;
        while (reader.ReadLine() is { } line)
        {
            bytes += line.Length + 1;
            var at = line.IndexOf(IdMarker, StringComparison.Ordinal);
            if (at < 0)
            {
                continue;
            }

            var start = at + IdMarker.Length;
            ids.Add(CustomerId(line[start..line.IndexOf('"', start)]));
        }

        return new ExportResult(ids.Finish(), bytes);
    }
}
