using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace TagApi.Core.Telemetry;

/// <summary>
/// TagApi's own meter and activity source (both named <see cref="Name"/>): what the standard instrumentation of
/// ASP.NET Core, HttpClient, Npgsql and Redis cannot see — index builds and memory, following other nodes, rate-limit
/// rejections. Recording costs nothing measurable when no exporter listens.
/// </summary>
public static class TagApiTelemetry
{
    public const string Name = "TagApi";

    public static readonly Meter Meter = new(Name);

    public static readonly ActivitySource Activities = new(Name);

    /// <summary>Tenant indexes built: a tenant's first query on a node, or its first after the index was dropped.</summary>
    public static readonly Counter<long> IndexBuilds = Meter.CreateCounter<long>("tagapi.index.builds", "{build}", "Tenant indexes built.");

    /// <summary>How long index builds take; a query arriving during one waits for it.</summary>
    public static readonly Histogram<double> IndexBuildDuration = Meter.CreateHistogram<double>("tagapi.index.build.duration", "s", "Time to build a tenant's index.");

    /// <summary>Indexes dropped to keep within the memory budget.</summary>
    public static readonly Counter<long> IndexEvictions = Meter.CreateCounter<long>("tagapi.index.evictions", "{index}", "Tenant indexes dropped to keep within the memory budget.");

    /// <summary>Index-change rows the follower applied (this node's own come back through the log too; applying them again is harmless).</summary>
    public static readonly Counter<long> FollowedChanges = Meter.CreateCounter<long>("tagapi.follower.changes", "{change}", "Index-change rows applied by the follower.");

    /// <summary>
    /// From the commit that queued a webhook delivery (its row is written in that transaction) to its receiver's 2xx,
    /// retries included.
    /// </summary>
    public static readonly Histogram<double> DeliveryLatency = Meter.CreateHistogram<double>(
        "tagapi.webhooks.delivery.latency", "s", "Time from the commit of an event to its delivery.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800, 3600, 21600, 86400] });

    /// <summary>Requests refused while waiting for a turn between tenants, by <c>reason</c> (<c>queue_full</c>, <c>waited_too_long</c>).</summary>
    public static readonly Counter<long> TurnRejections = Meter.CreateCounter<long>("tagapi.turns.rejections", "{request}", "Requests refused for want of a turn.");

    /// <summary>Requests and GraphQL operations refused for an empty rate-limit bucket, by <c>transport</c>.</summary>
    public static readonly Counter<long> RateLimitRejections = Meter.CreateCounter<long>("tagapi.ratelimit.rejections", "{request}", "Requests refused by the rate limit.");

    /// <summary>How long a SQLite writer waited in the process for the file's one write lock (its turn).</summary>
    public static readonly Histogram<double> SqliteWriterWait = Meter.CreateHistogram<double>(
        "tagapi.sqlite.writer.wait", "s", "Time a SQLite writer waited for its turn to write the file.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });

    /// <summary>SQLite writers that went on to the file without a turn after waiting the longest allowed.</summary>
    public static readonly Counter<long> SqliteWriterGaveUp = Meter.CreateCounter<long>("tagapi.sqlite.writer.gave_up", "{writer}", "SQLite writers that stopped waiting for a turn.");

    /// <summary>Turns handed on from a SQLite transaction that ended without a commit or a rollback being reported.</summary>
    public static readonly Counter<long> SqliteWriterReclaimed = Meter.CreateCounter<long>("tagapi.sqlite.writer.reclaimed", "{turn}", "SQLite write turns handed on from an ended transaction.");

    /// <summary>Members of a page answered from the node's cache of recently served customers, without a database read.</summary>
    public static readonly Counter<long> MemberCacheHits = Meter.CreateCounter<long>("tagapi.member_cache.hits", "{customer}", "Page members answered from the member cache.");

    /// <summary>Members of a page read from the database: not cached, or changed since.</summary>
    public static readonly Counter<long> MemberCacheMisses = Meter.CreateCounter<long>("tagapi.member_cache.misses", "{customer}", "Page members read from the database.");
}
