using Microsoft.EntityFrameworkCore;
using TagApi.Core.Common;
using TagApi.Core.Data;

namespace TagApi.Core.Webhooks;

/// <summary>
/// Reads the change log (the outbox's events) in feed order, for reconciliation after downtime: a client that asks for
/// the events after the last one it saw, again and again, sees every event exactly once.
/// <para>
/// Ids cannot be that order: they are drawn before the commit, so a transaction can commit event 7 while event 6's is
/// still running, and a client that read 7 and asks for "after 7" would never see 6. The feed is ordered by position,
/// (<see cref="Event.TxStamp"/>, <see cref="Event.Id"/>), and shows only events whose stamp is below the commit horizon
/// (<see cref="TagApiDbContext.CommitHorizonAsync"/>): every transaction below it has ended, and a later one stamps its
/// rows at or above it, so no event can ever appear before a position the feed has shown.
/// </para>
/// <para>
/// Filtering an id-ordered feed by the horizon would not do: a transaction with a higher stamp can draw a lower id
/// (transaction 100 writes its change first and draws its event id last, after transaction 101 drew id 5; 100 gets 6).
/// With the horizon at 101 the feed shows 6 (stamp 100), and 5 (stamp 101) commits afterwards behind the cursor. Ordered
/// by stamp first, 5 comes after 6 instead. On SQLite every stamp is 0 and there is no horizon: one transaction writes
/// at a time and draws its ids inside it, so id order is commit order already.
/// </para>
/// </summary>
public sealed class EventLog(TagApiDbContext db)
{
    // A page that has room while committed events wait behind an older transaction still running waits a little for
    // it, so a client reading right after its own write sees that write; a long transaction only delays the answer by
    // this much (the events follow on a later read).
    private static readonly int[] HeldBackWaitsMilliseconds = [5, 10, 20, 40, 80, 160, 320, 640];

    /// <summary>
    /// Events after <paramref name="afterEventId"/> or the page's <see cref="PageRequest.AfterId"/> (the later position
    /// wins) and before its <see cref="PageRequest.BeforeId"/>, optionally of one type, in feed order. An event id that
    /// is no longer kept (or never was in this tenant) stands just before the first kept event with a greater id.
    /// </summary>
    public async Task<Page<Event>> ListAsync(long? afterEventId, string? type, PageRequest page, CancellationToken ct)
    {
        foreach (var wait in HeldBackWaitsMilliseconds)
        {
            var (result, heldBack) = await ReadAsync(afterEventId, type, page, ct);
            if (!heldBack)
            {
                return result;
            }

            await Task.Delay(wait, ct);
        }

        return (await ReadAsync(afterEventId, type, page, ct)).Page;
    }

    private async Task<(Page<Event> Page, bool HeldBack)> ReadAsync(long? afterEventId, string? type, PageRequest page, CancellationToken ct)
    {
        // The horizon first: no transaction below it can still commit, so the positions resolved and the rows read after
        // it are final below it.
        var horizon = await db.CommitHorizonAsync(precise: true, ct);
        var after = Later(await BoundAsync(afterEventId, after: true, ct), await BoundAsync(page.AfterId, after: true, ct));
        var before = await BoundAsync(page.BeforeId, after: false, ct);
        var query = db.Events.AsNoTracking();
        if (type is not null)
        {
            query = query.Where(e => e.Type == type);
        }

        if (after is (var afterStamp, var afterId))
        {
            query = query.Where(e => e.TxStamp >= afterStamp && (e.TxStamp > afterStamp || e.Id > afterId));
        }

        if (before is (var beforeStamp, var beforeId))
        {
            query = query.Where(e => e.TxStamp <= beforeStamp && (e.TxStamp < beforeStamp || e.Id < beforeId));
        }

        if (page.FromEnd)
        {
            // Read backwards from the end: only what is final may be the end.
            if (horizon is { } below)
            {
                query = query.Where(e => e.TxStamp < below);
            }

            var last = await query.OrderByDescending(e => e.TxStamp).ThenByDescending(e => e.Id).Take(page.Limit + 1).ToListAsync(ct);
            var result = Page<Event>.FromOverfetch(last, page.Limit);
            last.Reverse();
            return (result, false);
        }

        // Forwards, the rows past the horizon are cut off here rather than in SQL, so the page knows whether committed
        // events wait behind an older transaction while it has room for them.
        var rows = await query.OrderBy(e => e.TxStamp).ThenBy(e => e.Id).Take(page.Limit + 1).ToListAsync(ct);
        var cut = horizon is { } h ? rows.FindIndex(e => e.TxStamp >= h) : -1;
        return cut < 0 ? (Page<Event>.FromOverfetch(rows, page.Limit), false) : (new Page<Event>(rows[..cut], false), cut < page.Limit);
    }

    // The exclusive bound an event id sets: the event's own position. An id no longer kept (or never in this tenant)
    // stands just before the first kept event with a greater id; with none, nothing is after it and nothing bounds what
    // is before it.
    private async Task<(long Stamp, long Id)?> BoundAsync(long? eventId, bool after, CancellationToken ct)
    {
        if (eventId is not { } id)
        {
            return null;
        }

        var kept = await db.Events.Where(e => e.Id == id).Select(e => new { e.TxStamp, e.Id }).FirstOrDefaultAsync(ct);
        if (kept is not null)
        {
            return (kept.TxStamp, kept.Id);
        }

        var next = await db.Events.Where(e => e.Id > id).OrderBy(e => e.TxStamp).ThenBy(e => e.Id).Select(e => new { e.TxStamp, e.Id }).FirstOrDefaultAsync(ct);
        return next is not null ? (next.TxStamp, after ? next.Id - 1 : next.Id) : after ? (long.MaxValue, long.MaxValue) : null;
    }

    private static (long Stamp, long Id)? Later((long Stamp, long Id)? x, (long Stamp, long Id)? y) =>
        x is not { } a ? y : y is not { } b ? a : a.CompareTo(b) >= 0 ? a : b;
}
