using Microsoft.EntityFrameworkCore;
using TagApi.Core.Common;
using TagApi.Core.Data;
using TagApi.Core.Segments.Engine;
using TagApi.Core.Segments.Query;

namespace TagApi.Core.Rules;

/// <summary>
/// Refuses rules that would feed each other: a rule depends on another when its conditions read a
/// tag the other assigns (directly, through <c>UNDER</c>, a category predicate or a saved segment).
/// A cycle — including a rule reading its own tags — would make tags flip on every evaluation.
/// </summary>
public sealed class RuleDependencies(TagApiDbContext db, SegmentEngine engine)
{
    public async Task EnsureNoCycleAsync(TaggingRule candidate, string field, CancellationToken ct)
    {
        var catalog = (await engine.IndexAsync(db.Tenant.RequiredTenantId, ct)).Current.Catalog;
        var segments = (await db.Segments.AsNoTracking().Select(s => new { s.Key, s.Query }).ToListAsync(ct))
            .ToDictionary(s => s.Key, s => SegmentQueryParser.Parse(s.Query), StringComparer.Ordinal);
        var rules = await db.Rules.AsNoTracking().Where(r => r.Id != candidate.Id).ToListAsync(ct);
        rules.Add(candidate);

        var reads = rules.ToDictionary(r => r.Key, r => RuleBands.Parsed(r).SelectMany(b => TagsRead(b.When, catalog, segments)).ToHashSet());
        var writers = rules.SelectMany(r => RuleBands.TagIds(r).Select(t => (Tag: t, Rule: r.Key))).ToLookup(x => x.Tag, x => x.Rule);

        var path = new List<string> { candidate.Key };
        if (Reaches(candidate.Key, candidate.Key, reads, writers, path, []))
        {
            throw new ValidationFailedException(field, $"Rules would feed each other in a cycle: {string.Join(" → ", path)} (each reads a tag the next one assigns).");
        }
    }

    /// <summary>Every tag a condition reads, with descendants, category members and saved segments expanded.</summary>
    public static IEnumerable<long> TagsRead(QueryNode condition, TagCatalog catalog, IReadOnlyDictionary<string, QueryNode> segments) =>
        TagsRead(condition, catalog, segments, new HashSet<string>(StringComparer.Ordinal));

    private static IEnumerable<long> TagsRead(QueryNode condition, TagCatalog catalog, IReadOnlyDictionary<string, QueryNode> segments, HashSet<string> visited)
    {
        foreach (var leaf in QueryWalker.Predicates(condition))
        {
            var tags = leaf switch
            {
                TagEquals t => Ids(catalog, t.Key),
                TagNotEquals t => Ids(catalog, t.Key),
                TagIn t => t.Keys.SelectMany(k => Ids(catalog, k)),
                TagUnder t => catalog.TagId(t.Key) is { } id ? catalog.SelfAndDescendants(id) : [],
                CategoryEquals c => Ids(catalog, c.TagKey),
                CategoryIsNull c => catalog.CategoryId(c.CategoryKey) is { } category ? catalog.TagsOfCategory(category) : [],
                SegmentRef s when visited.Add(s.Key) && segments.TryGetValue(s.Key, out var query) => TagsRead(query, catalog, segments, visited),
                _ => [],
            };
            foreach (var tag in tags)
            {
                yield return tag;
            }
        }
    }

    private static IEnumerable<long> Ids(TagCatalog catalog, string key) => catalog.TagId(key) is { } id ? [id] : [];

    private static bool Reaches(
        string from, string target, Dictionary<string, HashSet<long>> reads, ILookup<long, string> writers, List<string> path, HashSet<string> seen)
    {
        foreach (var next in reads[from].SelectMany(tag => writers[tag]).Distinct())
        {
            path.Add(next);
            if (next == target || (seen.Add(next) && Reaches(next, target, reads, writers, path, seen)))
            {
                return true;
            }

            path.RemoveAt(path.Count - 1);
        }

        return false;
    }
}
