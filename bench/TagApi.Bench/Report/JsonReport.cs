using System.Text.Json;

namespace TagApi.Bench.Report;

/// <summary>The machine-readable report: the same figures, every time in microseconds.</summary>
public static class JsonReport
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static string Render(BenchReport report) => JsonSerializer.Serialize(new
    {
        report.StartedAt,
        report.Command,
        report.DurationSeconds,
        report.Machine,
        report.PostgresSettings,
        report.Data,
        Load = report.Load.Select(s => new { s.Name, s.Rows, s.Seconds, s.RowsPerSecond }),
        Facts = report.Facts.ToDictionary(f => f.Key, f => f.Value),
        Workloads = report.Sections.Select(s => new
        {
            s.Id,
            s.Title,
            s.Target,
            s.Notes,
            Cases = s.Cases.Select(c => new
            {
                c.Name,
                c.Description,
                c.TagApiQuery,
                c.PeerQueries,
                c.Expected,
                Figures = c.Figures.Select(f => new
                {
                    f.Subject,
                    Kind = f.Kind.ToString(),
                    MedianMicros = f.Timing?.MedianMicros,
                    P99Micros = f.Timing?.P99Micros,
                    MinMicros = f.Timing?.MinMicros,
                    MaxMicros = f.Timing?.MaxMicros,
                    Samples = f.Timing?.Samples,
                    f.Result,
                    RowsPerSecond = s.ShowThroughput && c.Throughput && f.Timing is { } t && f.Result is { } r ? r / (t.MedianMicros / 1e6) : (double?)null,
                    f.RequestsPerSecond,
                    f.Errors,
                    f.AgreesWithFloor,
                    f.Unavailable,
                    f.Note,
                    f.Ratios,
                }),
            }),
        }),
        Memory = report.Memory.Select(m => new { m.Subject, m.Case, m.Fields, m.Rows, m.ResidentBefore, m.PeakDuring, m.Growth }),
        report.Notes,
    }, Options);
}
