namespace TagApi.Bench.Report;

/// <summary>Every subject's figure for one expression of one workload, with the ratios between them.</summary>
public sealed class CaseResult(string name, string description)
{
    public string Name { get; } = name;

    public string Description { get; } = description;

    /// <summary>The query as TagApi receives it.</summary>
    public string? TagApiQuery { get; init; }

    /// <summary>Each peer's SQL, by subject.</summary>
    public Dictionary<string, string> PeerQueries { get; } = new(StringComparer.Ordinal);

    public List<Figure> Figures { get; } = [];

    /// <summary>The floor's answer, which every other subject must reproduce.</summary>
    public long? Expected { get; init; }

    public long? ExpectedChecksum { get; init; }

    /// <summary>False for a case whose figures are latencies, where count ÷ median means nothing.</summary>
    public bool Throughput { get; init; } = true;

    /// <summary>Ratio column headers, in display order.</summary>
    public List<string> RatioColumns { get; } = [];

    /// <summary>
    /// The usual columns: each figure against the floor (how far above the physical minimum), and
    /// each peer against each TagApi subject (how many times faster TagApi is).
    /// </summary>
    public void AddStandardRatios()
    {
        var floor = Figures.FirstOrDefault(f => f.Kind == SubjectKind.Floor);
        if (floor is not null)
        {
            AddRatio("÷ floor", f => f.Kind != SubjectKind.Floor ? floor : null);
        }

        foreach (var tagApi in Figures.Where(f => f.Kind == SubjectKind.TagApi).ToList())
        {
            AddRatio($"peer ÷ {tagApi.Subject}", f => f.Kind == SubjectKind.Peer ? tagApi : null);
        }
    }

    /// <summary>Adds a column: for each figure with a reference, its median divided by the reference's median.</summary>
    public void AddRatio(string header, Func<Figure, Figure?> reference)
    {
        RatioColumns.Add(header);
        foreach (var figure in Figures)
        {
            if (reference(figure) is { } other)
            {
                figure.Ratios[header] = figure.Timing is { } a && other.Timing is { } b && b.MedianMicros > 0
                    ? a.MedianMicros / b.MedianMicros
                    : null;
            }
        }
    }

    /// <summary>Adds a column: for each figure with a reference, its requests per second divided by the reference's.</summary>
    public void AddRateRatio(string header, Func<Figure, Figure?> reference)
    {
        RatioColumns.Add(header);
        foreach (var figure in Figures)
        {
            if (reference(figure) is { } other)
            {
                figure.Ratios[header] = figure.RequestsPerSecond is { } a && other.RequestsPerSecond is { } b && b > 0 ? a / b : null;
            }
        }
    }

    /// <summary>Marks each figure whose answer differs from the floor's.</summary>
    public void CheckAgainstFloor()
    {
        foreach (var figure in Figures.Where(f => f.Kind != SubjectKind.Floor && f.Result is not null))
        {
            if (Expected is { } expected)
            {
                figure.AgreesWithFloor = figure.Result == expected && (ExpectedChecksum is null || figure.Checksum is null || figure.Checksum == ExpectedChecksum);
            }
        }
    }
}

/// <summary>One workload's cases, its target from BENCHMARKS.md, and notes on how it was measured.</summary>
public sealed class Section(string id, string title, string target)
{
    public string Id { get; } = id;

    public string Title { get; } = title;

    public string Target { get; } = target;

    public List<CaseResult> Cases { get; } = [];

    public List<string> Notes { get; } = [];

    /// <summary>Show ids per second (rows ÷ median time), for exports.</summary>
    public bool ShowThroughput { get; init; }

    /// <summary>What the throughput column counts per second.</summary>
    public string ThroughputUnit { get; init; } = "ids/s";

    /// <summary>Show requests per second and errors, for load runs (W6): the timing is per-request latency under load.</summary>
    public bool ShowRequestRate { get; init; }
}
