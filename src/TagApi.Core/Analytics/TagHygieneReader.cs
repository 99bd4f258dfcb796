using Microsoft.EntityFrameworkCore;
using TagApi.Core.Common;
using TagApi.Core.Data;
using TagApi.Core.Segments.Engine;
using TagApi.Core.Segments.Index;
using TagApi.Core.Tags;

namespace TagApi.Core.Analytics;

/// <summary>
/// Clean-up candidates (tags nobody holds, or whose holders have not changed in N days) and pairs of tags that
/// look like one (same folded name, or nearly the same holders). Holders come from the index; a tag's last
/// change is its newest ledger line, one index probe per tag in a single statement.
/// </summary>
public sealed class TagHygieneReader(TagApiDbContext db, AnalyticsSnapshot index, TimeProvider clock)
{
    /// <summary>Pairs whose holders' Jaccard index reaches this are reported as overlapping.</summary>
    public const double OverlapThreshold = 0.9;

    public const int DefaultDays = 90;
    public const int MaxDays = 3650;

    public async Task<UnusedTags> UnusedAsync(int? days, bool includeUsed, CancellationToken ct)
    {
        var window = days ?? DefaultDays;
        if (window is < 1 or > MaxDays)
        {
            throw new ValidationFailedException("days", $"days is between 1 and {MaxDays}.");
        }

        var now = clock.UtcNow();
        var tags = await db.Tags.AsNoTracking().Include(t => t.Category).OrderBy(t => t.Key).ToListAsync(ct);
        var lastChanged = await db.Tags.AsNoTracking()
            .Select(t => new { t.Id, Last = db.TagHistory.Where(h => h.TagId == t.Id).Max(h => (DateTime?)h.At) })
            .ToDictionaryAsync(x => x.Id, x => x.Last, ct);
        var snapshot = await index.CurrentAsync(ct);
        var usage = await TagUsage.LoadAsync(db, snapshot.Catalog, ct);
        var sameName = tags.GroupBy(t => TagNameFolding.Fold(t.Name)).Where(g => g.Count() > 1)
            .SelectMany(g => g.Select(t => (t.Id, Group: g.ToList()))).ToDictionary(x => x.Id, x => x.Group);

        var result = new List<UnusedTag>();
        foreach (var tag in tags)
        {
            var holders = Holders(snapshot, tag.Id);
            var last = lastChanged.GetValueOrDefault(tag.Id);
            UnusedReason? reason = holders == 0 ? UnusedReason.NoHolders : last is null || last < now.AddDays(-window) ? UnusedReason.NoRecentChange : null;
            var users = usage[tag.Id].ToList();
            if (reason is null || (users.Count > 0 && !includeUsed))
            {
                continue;
            }

            // The same-named tag with the most holders is where this one's holders belong.
            var twin = sameName.TryGetValue(tag.Id, out var group)
                ? group.Where(t => t.Id != tag.Id).OrderByDescending(t => Holders(snapshot, t.Id)).ThenBy(t => t.Key, StringComparer.Ordinal).First()
                : null;
            var suggestion = twin is not null && Holders(snapshot, twin.Id) >= holders ? CleanupSuggestion.Merge
                : reason == UnusedReason.NoHolders && users.Count == 0 ? CleanupSuggestion.Delete
                : CleanupSuggestion.Archive;
            result.Add(new UnusedTag(tag, holders, last, reason.Value, suggestion, suggestion == CleanupSuggestion.Merge ? twin : null, users));
        }

        return new UnusedTags(window, result, now);
    }

    public async Task<DuplicateTags> DuplicatesAsync(CancellationToken ct)
    {
        var tags = await db.Tags.AsNoTracking().Include(t => t.Category).ToListAsync(ct);
        var snapshot = await index.CurrentAsync(ct);
        var pairs = new Dictionary<(long, long), (HashSet<DuplicateReason> Reasons, string? Folded)>();
        void Note(Tag a, Tag b, DuplicateReason reason, string? folded)
        {
            var key = a.Id < b.Id ? (a.Id, b.Id) : (b.Id, a.Id);
            if (!pairs.TryGetValue(key, out var entry))
            {
                entry = ([], null);
            }

            entry.Reasons.Add(reason);
            pairs[key] = (entry.Reasons, entry.Folded ?? folded);
        }

        foreach (var group in tags.SelectMany(t => new[] { (Folded: TagNameFolding.Fold(t.Name), Tag: t), (Folded: TagNameFolding.Fold(t.Key), Tag: t) })
                     .Where(x => x.Folded.Length > 0).GroupBy(x => x.Folded))
        {
            var members = group.Select(x => x.Tag).DistinctBy(t => t.Id).ToList();
            for (var i = 0; i < members.Count; i++)
            {
                for (var j = i + 1; j < members.Count; j++)
                {
                    Note(members[i], members[j], DuplicateReason.SameName, group.Key);
                }
            }
        }

        // Jaccard ≥ t needs the smaller set to be at least t of the larger, so only neighbours by size are compared.
        var held = tags.Select(t => (Tag: t, Members: snapshot.TagMembers.GetValueOrDefault(t.Id))).Where(x => x.Members is { IsEmpty: false })
            .OrderBy(x => x.Members!.Cardinality).ToList();
        for (var i = 0; i < held.Count; i++)
        {
            for (var j = i + 1; j < held.Count && held[i].Members!.Cardinality >= OverlapThreshold * held[j].Members!.Cardinality; j++)
            {
                if (Jaccard(held[i].Members!, held[j].Members!).Value >= OverlapThreshold)
                {
                    Note(held[i].Tag, held[j].Tag, DuplicateReason.HoldersOverlap, null);
                }
            }
        }

        var byId = tags.ToDictionary(t => t.Id);
        var result = pairs.Select(p =>
        {
            var (a, b) = (byId[p.Key.Item1], byId[p.Key.Item2]);
            var (ha, hb) = (Holders(snapshot, a.Id), Holders(snapshot, b.Id));
            if (hb > ha || (hb == ha && string.CompareOrdinal(b.Key, a.Key) < 0))
            {
                (a, b, ha, hb) = (b, a, hb, ha);
            }

            var (both, jaccard) = Jaccard(snapshot.TagMembers.GetValueOrDefault(a.Id), snapshot.TagMembers.GetValueOrDefault(b.Id));
            return new DuplicateTagPair(a, b, [.. p.Value.Reasons.Order()], p.Value.Folded, ha, hb, both, jaccard);
        }).OrderBy(p => p.First.Key, StringComparer.Ordinal).ThenBy(p => p.Second.Key, StringComparer.Ordinal).ToList();
        return new DuplicateTags(result, clock.UtcNow());
    }

    private static long Holders(IndexSnapshot snapshot, long tagId) => snapshot.TagMembers.TryGetValue(tagId, out var m) ? m.Cardinality : 0;

    private static (long Both, double Value) Jaccard(RoaringBitmap? a, RoaringBitmap? b)
    {
        if (a is null || b is null)
        {
            return (0, 0);
        }

        var both = RoaringBitmap.AndCardinality(a, b);
        var union = a.Cardinality + b.Cardinality - both;
        return (both, union == 0 ? 0 : (double)both / union);
    }
}
