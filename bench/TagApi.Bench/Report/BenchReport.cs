using TagApi.Bench.Data;
using TagApi.Bench.Infrastructure;

namespace TagApi.Bench.Report;

/// <summary>A database object's size on disk, for the data-size table.</summary>
public sealed record SizeEntry(string Name, long Bytes);

/// <summary>What was generated and loaded.</summary>
public sealed record DataSummary(int Customers, long Assignments, int Tags, ulong Seed, DateTime Anchor, bool Reused, IReadOnlyList<SizeEntry> Sizes);

/// <summary>Memory of the process producing an export: resident before, peak while it ran.</summary>
public sealed record MemoryCheck(string Subject, string Case, string Fields, long Rows, long? ResidentBefore, long? PeakDuring)
{
    public long? Growth => PeakDuring - ResidentBefore;
}

/// <summary>Everything one run measured, written as markdown and JSON.</summary>
public sealed class BenchReport
{
    public DateTime StartedAt { get; init; }

    public string Command { get; init; } = "";

    public double DurationSeconds { get; set; }

    public MachineInfo? Machine { get; set; }

    public IReadOnlyDictionary<string, string> PostgresSettings { get; set; } = new Dictionary<string, string>();

    public DataSummary? Data { get; set; }

    public List<LoadStep> Load { get; } = [];

    /// <summary>Other one-off facts worth reporting (label → value).</summary>
    public List<KeyValuePair<string, string>> Facts { get; } = [];

    public List<Section> Sections { get; } = [];

    public List<MemoryCheck> Memory { get; } = [];

    public List<string> Notes { get; } = [];
}
