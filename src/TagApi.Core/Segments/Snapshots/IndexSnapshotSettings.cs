namespace TagApi.Core.Segments.Snapshots;

/// <summary>Where and how often a node keeps its tenant indexes on disk, so a restart reads them back instead of every row.</summary>
public sealed record IndexSnapshotSettings
{
    /// <summary>The directory of the snapshot files; null keeps no snapshots.</summary>
    public string? Directory { get; init; }

    /// <summary>The least time between two snapshots of a changing index (a new index is written at the next check).</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromMinutes(5);
}
