using Microsoft.EntityFrameworkCore;
using TagApi.Core.Common;
using TagApi.Core.Data;

namespace TagApi.Core.Webhooks;

/// <summary>Reads the change log (the outbox's events), oldest first, for reconciliation after downtime.</summary>
public sealed class EventLog(TagApiDbContext db)
{
    /// <summary>Events after <paramref name="afterEventId"/> (and within the page's bounds), optionally of one type.</summary>
    public async Task<Page<Event>> ListAsync(long? afterEventId, string? type, PageRequest page, CancellationToken ct)
    {
        // The explicit starting event and the cursor both move the start; the later one wins.
        if (afterEventId is { } after && after > (page.AfterId ?? 0))
        {
            page = page with { AfterId = after };
        }

        var query = db.Events.AsNoTracking();
        if (type is not null)
        {
            query = query.Where(e => e.Type == type);
        }

        return await query.ToPageAsync(page, e => e.Id, ct);
    }
}
