using TagApi.Core.Tenancy;

namespace TagApi.Core.Analytics.Counts;

/// <summary>
/// How many ledger lines added and removed (or expired) one tag on one UTC day. The database keeps these rows itself:
/// triggers on <c>TagHistory</c> add every inserted line and subtract every deleted one (a customer's erasure cascades
/// to its lines) in the same statement, so every writer, every node and every past day agree with the ledger. Trends
/// and the distribution's recent changes read these instead of the ledger lines.
/// </summary>
public sealed class TagDailyCount : ITenantOwned
{
    public long TenantId { get; set; }

    public long TagId { get; set; }

    /// <summary>The UTC day of the lines' <c>At</c>.</summary>
    public DateOnly Day { get; set; }

    public long Added { get; set; }

    /// <summary>Removals and expiries.</summary>
    public long Removed { get; set; }
}

/// <summary>
/// The same counts per UTC hour, kept with <see cref="TagDailyCount"/>: a window that starts mid-day (the last 30 days
/// from now) reads whole days, then whole hours, and only the ledger lines of its first, partial hour.
/// </summary>
public sealed class TagHourlyCount : ITenantOwned
{
    public long TenantId { get; set; }

    public long TagId { get; set; }

    /// <summary>The start of the UTC hour of the lines' <c>At</c>.</summary>
    public DateTime Hour { get; set; }

    public long Added { get; set; }

    /// <summary>Removals and expiries.</summary>
    public long Removed { get; set; }
}
