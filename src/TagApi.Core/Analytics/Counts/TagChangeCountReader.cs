using Microsoft.EntityFrameworkCore;
using TagApi.Core.Data;
using TagApi.Core.TagAssignments;

namespace TagApi.Core.Analytics.Counts;

/// <summary>Ledger-line counts for analytics, read from the per-day and per-hour counts the database keeps with the ledger.</summary>
public sealed class TagChangeCountReader(TagApiDbContext db)
{
    /// <summary>
    /// Lines per tag stamped after <paramref name="since"/> (exclusive, no upper bound): whole days from the daily
    /// counts, the rest of <paramref name="since"/>'s day in whole hours from the hourly counts, and only the lines of
    /// its own, partial hour from the ledger — so a 30-day window costs a few rows per tag, whatever the ledger holds.
    /// </summary>
    public async Task<Dictionary<long, (long Added, long Removed)>> SinceAsync(IReadOnlyCollection<long> tagIds, DateTime since, CancellationToken ct)
    {
        var totals = new Dictionary<long, (long Added, long Removed)>();
        if (tagIds.Count == 0)
        {
            return totals;
        }

        var firstDay = DateOnly.FromDateTime(since).AddDays(1);
        var firstDayStart = firstDay.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var firstHour = new DateTime(since.Year, since.Month, since.Day, since.Hour, 0, 0, DateTimeKind.Utc).AddHours(1);
        var days = await db.TagDailyCounts.AsNoTracking()
            .Where(c => tagIds.Contains(c.TagId) && c.Day >= firstDay)
            .GroupBy(c => c.TagId).Select(g => new { TagId = g.Key, Added = g.Sum(c => c.Added), Removed = g.Sum(c => c.Removed) })
            .ToListAsync(ct);
        var hours = await db.TagHourlyCounts.AsNoTracking()
            .Where(c => tagIds.Contains(c.TagId) && c.Hour >= firstHour && c.Hour < firstDayStart)
            .GroupBy(c => c.TagId).Select(g => new { TagId = g.Key, Added = g.Sum(c => c.Added), Removed = g.Sum(c => c.Removed) })
            .ToListAsync(ct);
        var lines = await db.TagHistory.AsNoTracking()
            .Where(h => tagIds.Contains(h.TagId) && h.At > since && h.At < firstHour)
            .GroupBy(h => new { h.TagId, h.Action }).Select(g => new { g.Key.TagId, g.Key.Action, Count = g.LongCount() })
            .ToListAsync(ct);

        void Add(long tagId, long added, long removed)
        {
            var (a, r) = totals.GetValueOrDefault(tagId);
            totals[tagId] = (a + added, r + removed);
        }

        days.ForEach(d => Add(d.TagId, d.Added, d.Removed));
        hours.ForEach(h => Add(h.TagId, h.Added, h.Removed));
        lines.ForEach(l => Add(l.TagId, l.Action == TagHistoryAction.Added ? l.Count : 0, l.Action == TagHistoryAction.Added ? 0 : l.Count));
        return totals;
    }

    /// <summary>A tag's lines per UTC day from <paramref name="from"/> (inclusive) to <paramref name="to"/> (exclusive); days without lines are absent.</summary>
    public async Task<List<(DateOnly Day, long Added, long Removed)>> DaysAsync(long tagId, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var rows = await db.TagDailyCounts.AsNoTracking()
            .Where(c => c.TagId == tagId && c.Day >= from && c.Day < to)
            .Select(c => new { c.Day, c.Added, c.Removed })
            .ToListAsync(ct);
        return rows.ConvertAll(r => (r.Day, r.Added, r.Removed));
    }

    /// <summary>A tag's additions minus removals stamped on or after <paramref name="day"/>.</summary>
    public async Task<long> NetFromAsync(long tagId, DateOnly day, CancellationToken ct) =>
        await db.TagDailyCounts.AsNoTracking()
            .Where(c => c.TagId == tagId && c.Day >= day)
            .SumAsync(c => c.Added - c.Removed, ct);
}
