using Microsoft.EntityFrameworkCore;
using TagApi.Core.Analytics.Counts;
using TagApi.Core.Common;
using TagApi.Core.Data;
using TagApi.Core.Segments;
using TagApi.Core.Tags;
using TagApi.Core.Webhooks;

namespace TagApi.Core.Analytics;

/// <summary>
/// Holders over time. A tag's changes come from the per-day counts the database keeps with the ledger (one row per
/// day with changes, never the ledger's lines); a segment's are counted by the database per UTC day over the events'
/// (tenant, type, time) index. Days are folded into weeks or months here; holders at each interval's end are walked
/// back from today's count by the net change after it, so no request reads the history from its beginning.
/// </summary>
public sealed class TrendReader(TagApiDbContext db, AnalyticsSnapshot index, TagLookup tags, SegmentService segments, TagChangeCountReader counts, TimeProvider clock)
{
    public async Task<Trend> TagAsync(string tagRef, string? interval, DateTime? from, DateTime? to, CancellationToken ct)
    {
        var tag = await tags.GetAsync(tagRef, ct);
        var now = clock.UtcNow();
        var range = TrendRange.Of(TrendRange.ParseInterval(interval), from, to, now);
        var (fromDay, endDay) = (DateOnly.FromDateTime(range.Starts[0]), DateOnly.FromDateTime(range.End));
        var days = await counts.DaysAsync(tag.Id, fromDay, endDay, ct);
        var netAfter = await counts.NetFromAsync(tag.Id, endDay, ct);
        var snapshot = await index.CurrentAsync(ct);
        var current = snapshot.TagMembers.TryGetValue(tag.Id, out var members) ? members.Cardinality : 0;
        var changes = days.SelectMany(d => new[] { (Day(d.Day), true, d.Added), (Day(d.Day), false, d.Removed) });
        return Build(range, changes, current - netAfter, now);
    }

    public async Task<Trend> SegmentAsync(string segmentRef, string? interval, DateTime? from, DateTime? to, CancellationToken ct)
    {
        var segment = await segments.GetAsync(segmentRef, ct);
        var now = clock.UtcNow();
        var range = TrendRange.Of(TrendRange.ParseInterval(interval), from, to, now);

        // segment.entered / segment.exited carry the segment first in their data; a prefix names exactly this one.
        var prefix = $"{{\"segment\":{{\"id\":\"{PublicId.Encode(IdPrefixes.Segment, segment.Id)}\"";
        var length = prefix.Length;
        var events = db.Events.AsNoTracking()
            .Where(e => (e.Type == EventTypes.SegmentEntered || e.Type == EventTypes.SegmentExited) && e.Data.Substring(0, length) == prefix);
        var days = await events.Where(e => e.OccurredAt >= range.Starts[0] && e.OccurredAt < range.End)
            .GroupBy(e => new { e.OccurredAt.Date, e.Type })
            .Select(g => new { g.Key.Date, g.Key.Type, Count = g.LongCount() })
            .ToListAsync(ct);
        var after = await events.Where(e => e.OccurredAt >= range.End)
            .GroupBy(e => e.Type).Select(g => new { Type = g.Key, Count = g.LongCount() }).ToListAsync(ct);

        // The member rows are written with their events, so today's count and the events agree.
        var current = await db.SegmentMembers.LongCountAsync(m => m.SegmentId == segment.Id, ct);
        var netAfter = after.Sum(a => a.Type == EventTypes.SegmentEntered ? a.Count : -a.Count);
        return Build(range, days.Select(d => (d.Date, d.Type == EventTypes.SegmentEntered, d.Count)), current - netAfter, now);
    }

    private static DateTime Day(DateOnly day) => day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

    private static Trend Build(TrendRange range, IEnumerable<(DateTime Day, bool Added, long Count)> days, long holdersAtEnd, DateTime now)
    {
        var added = new long[range.Starts.Count];
        var removed = new long[range.Starts.Count];
        foreach (var (day, isAdd, count) in days)
        {
            var point = range.PointOf(DateTime.SpecifyKind(day, DateTimeKind.Utc));
            if (point < 0)
            {
                continue;
            }

            (isAdd ? added : removed)[point] += count;
        }

        var points = new TrendPoint[range.Starts.Count];
        var holders = holdersAtEnd;
        for (var i = points.Length - 1; i >= 0; i--)
        {
            var net = added[i] - removed[i];
            points[i] = new TrendPoint(range.Starts[i], added[i], removed[i], net, holders);
            holders -= net;
        }

        return new Trend(range.Interval, points, now);
    }
}
