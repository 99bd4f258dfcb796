using Microsoft.EntityFrameworkCore;
using TagApi.Core.Data;
using TagApi.Core.Rules;
using TagApi.Core.Segments.Engine;
using TagApi.Core.Segments.Query;

namespace TagApi.Core.Analytics;

/// <summary>Something that refers to a tag, so removing the tag would change it.</summary>
/// <param name="Kind"><c>rule</c> (assigns or reads the tag) or <c>segment</c> (its query reads the tag).</param>
/// <param name="Id">The rule's or segment's internal id.</param>
/// <param name="Key">Its key.</param>
public sealed record TagUser(string Kind, long Id, string Key);

/// <summary>
/// Which rules and segments refer to each tag: a rule that assigns it or whose conditions read it, a segment whose
/// query reads it — with <c>UNDER</c>, category predicates and saved segments expanded as the rule cycle check does.
/// Webhook endpoints filter by event type only, so no endpoint ever refers to a tag.
/// </summary>
public static class TagUsage
{
    public static async Task<ILookup<long, TagUser>> LoadAsync(TagApiDbContext db, TagCatalog catalog, CancellationToken ct)
    {
        var segments = await db.Segments.AsNoTracking().Select(s => new { s.Id, s.Key, s.Query }).ToListAsync(ct);
        var parsed = segments.ToDictionary(s => s.Key, s => SegmentQueryParser.Parse(s.Query), StringComparer.Ordinal);
        var rules = await db.Rules.AsNoTracking().ToListAsync(ct);
        var uses = new List<(long TagId, TagUser User)>();
        foreach (var segment in segments)
        {
            var user = new TagUser("segment", segment.Id, segment.Key);
            uses.AddRange(RuleDependencies.TagsRead(parsed[segment.Key], catalog, parsed).Distinct().Select(t => (t, user)));
        }

        foreach (var rule in rules)
        {
            var user = new TagUser("rule", rule.Id, rule.Key);
            var read = RuleBands.Parsed(rule).SelectMany(b => RuleDependencies.TagsRead(b.When, catalog, parsed));
            uses.AddRange(RuleBands.TagIds(rule).Concat(read).Distinct().Select(t => (t, user)));
        }

        return uses.ToLookup(u => u.TagId, u => u.User);
    }
}
