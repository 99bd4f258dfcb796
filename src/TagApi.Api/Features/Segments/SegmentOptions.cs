using System.ComponentModel.DataAnnotations;
using TagApi.Api.Configuration;
using TagApi.Core.Segments.Engine;
using TagApi.Core.Segments.Membership;
using TagApi.Core.Segments.Snapshots;
using TagApi.Core.Segments.SqlCounts;

namespace TagApi.Api.Features.Segments;

/// <summary>How segment indexes follow writes and how membership is projected, from the <c>Segments</c> section.</summary>
public sealed class SegmentOptions : ISettingsSection
{
    private static readonly MembershipSettings Defaults = new();

    public static string SectionName => "Segments";

    /// <summary>
    /// What answers segment counts: <c>Index</c> (the in-memory index, the default) or <c>Sql</c> (SQL on the database,
    /// for boolean tag expressions, tag hierarchies, categories and number comparisons of <c>orderCount</c> and
    /// <c>totalSpent</c>; other shapes answer <c>query_unsupported</c>). Pages and exports come from the index in both.
    /// <c>Sql</c> is a baseline to measure the index against (benchmark W8), not a production mode.
    /// </summary>
    [RegularExpression("^(Index|Sql)$")]
    public string Engine { get; set; } = nameof(SegmentEngineKind.Index);

    /// <summary>How often this node reads the index-change log to catch up with writes made by other nodes, announced or not.</summary>
    [Range(10, 60_000)]
    public int FollowMilliseconds { get; set; } = 500;

    /// <summary>
    /// On PostgreSQL, whether nodes announce their commits to each other (<c>LISTEN</c>/<c>NOTIFY</c>) so that followers
    /// read at once rather than at their next poll. Turn it off where sessions cannot <c>LISTEN</c> (a PgBouncer in
    /// transaction mode); following then relies on the poll alone.
    /// </summary>
    public bool AnnounceCommits { get; set; } = true;

    /// <summary>
    /// The least time between two reads of the index-change log woken by other nodes' announcements (PostgreSQL), so
    /// that a stream of remote writes is followed in batches rather than once per commit.
    /// </summary>
    [Range(0, 10_000)]
    public int FollowWakeGapMilliseconds { get; set; } = 5;

    /// <summary>
    /// How much memory this node's tenant indexes may hold together, in MiB (0: no budget). Past it the least recently
    /// queried tenants' indexes are dropped and rebuilt from the database when next queried; the tenant being served
    /// always keeps its index.
    /// </summary>
    [Range(0, 16_777_216)]
    public double MemoryBudgetMegabytes { get; set; }

    /// <summary>
    /// How much memory this node may keep recently served page members in, in MiB (0: none), so a member page asked for
    /// again needs no database read. An entry is used only while the index holds the customer at the cached version.
    /// </summary>
    [Range(0, 1_048_576)]
    public double PageCacheMegabytes { get; set; } = 64;

    /// <summary>
    /// Whether this node keeps its tenant indexes in snapshot files, so that after a restart a tenant's first query reads
    /// its file back (and re-reads only the customers changed since) instead of every row.
    /// </summary>
    public bool SnapshotsEnabled { get; set; } = true;

    /// <summary>The directory of the snapshot files, on a local disk; empty: <c>tagapi/index-snapshots</c> in the system's temporary directory.</summary>
    public string SnapshotDirectory { get; set; } = "";

    /// <summary>
    /// The least time between two snapshots of an index that keeps changing. A newly built index is written at the next
    /// check (every 15 seconds or this interval, whichever is shorter); one that did not change is written again only
    /// before its file grows too old to use (after half the change log's one-day retention).
    /// </summary>
    [Range(1, 86_400)]
    public double SnapshotIntervalSeconds { get; set; } = 300;

    /// <summary>How long the membership worker waits after a customer changed on this node before projecting, folding a burst into one pass.</summary>
    [Range(0, 60_000)]
    public int MembershipDelayMilliseconds { get; set; } = 200;

    /// <summary>How often segments due for a full projection (new, redefined or due for refresh) are looked for.</summary>
    [Range(0.01, 3600)]
    public double MembershipSchedulerSeconds { get; set; } = 5;

    /// <summary>The longest a segment goes without a full projection, which moves customers across relative dates and activity windows as time passes.</summary>
    [Range(0.1, 86_400)]
    public double MembershipRefreshSeconds { get; set; } = 60;

    /// <summary>How long a projection holds its segment; it bounds how long a segment stays untouched after the node projecting it died.</summary>
    [Range(1, 86_400)]
    public double MembershipLeaseSeconds { get; set; } = Defaults.Lease.TotalSeconds;

    /// <summary>The index memory budget.</summary>
    public IndexMemorySettings IndexMemory() => new() { BudgetBytes = (long)(MemoryBudgetMegabytes * 1024 * 1024) };

    /// <summary>Where and how often index snapshots are written (no directory when they are off).</summary>
    public IndexSnapshotSettings Snapshots() => new()
    {
        Directory = !SnapshotsEnabled ? null
            : string.IsNullOrWhiteSpace(SnapshotDirectory) ? Path.Combine(Path.GetTempPath(), "tagapi", "index-snapshots") : SnapshotDirectory,
        Interval = TimeSpan.FromSeconds(SnapshotIntervalSeconds),
    };

    /// <summary>Which engine answers counts.</summary>
    public SegmentEngineSettings EngineSettings() => new() { Engine = Enum.Parse<SegmentEngineKind>(Engine) };

    /// <summary>The membership projector's settings.</summary>
    public MembershipSettings Membership() => new() { Lease = TimeSpan.FromSeconds(MembershipLeaseSeconds) };
}
