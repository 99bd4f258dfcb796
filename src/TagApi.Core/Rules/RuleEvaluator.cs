using Microsoft.EntityFrameworkCore;
using TagApi.Core.Common;
using TagApi.Core.Data;
using TagApi.Core.Segments;
using TagApi.Core.Segments.Engine;
using TagApi.Core.Segments.Index;
using TagApi.Core.Segments.Query;

namespace TagApi.Core.Rules;

/// <summary>What one tag of a rule group should gain and lose to match its rules.</summary>
/// <param name="OwnerRule">The rule that assigns the tag.</param>
/// <param name="TagId">The tag.</param>
/// <param name="Add">Customers who should gain it.</param>
/// <param name="Remove">Customers who should lose it.</param>
/// <param name="Desired">Customers who should hold the tag (within the evaluated customers).</param>
public sealed record TagDiff(TaggingRule OwnerRule, long TagId, RoaringBitmap Add, RoaringBitmap Remove, RoaringBitmap Desired);

/// <summary>A rule group's wanted state against one index snapshot.</summary>
public sealed record GroupEvaluation(IndexSnapshot Snapshot, DateTime Now, IReadOnlyList<TaggingRule> Rules, IReadOnlyList<TagDiff> Tags)
{
    public long AddCount => Tags.Sum(t => t.Add.Cardinality);

    public long RemoveCount => Tags.Sum(t => t.Remove.Cardinality);
}

/// <summary>
/// Computes what rules want as bitmaps over the tenant's index and diffs it against the tags'
/// current holders, so only real changes are ever written. Rules assigning tags of one exclusive
/// category form a group and are decided together: higher priority first, then earlier bands; a
/// customer gets at most one of the group's tags. A rule of any other tag is a group of its own.
/// </summary>
public sealed class RuleEvaluator(TagApiDbContext db, SegmentEngine engine, TimeProvider clock)
{
    /// <summary>
    /// Evaluates the group of <paramref name="rule"/> (treated as enabled even if it is not, so a
    /// disabled rule can be previewed), for every customer or only <paramref name="within"/>.
    /// </summary>
    public async Task<GroupEvaluation> EvaluateAsync(TaggingRule rule, RoaringBitmap? within, CancellationToken ct)
    {
        var index = await engine.IndexAsync(db.Tenant.RequiredTenantId, ct);
        var rules = await db.Rules.AsNoTracking().ToListAsync(ct);
        var saved = await SavedSegmentsAsync(ct);
        var snapshot = index.Current;
        return Evaluate(snapshot, GroupOf(rule, rules, snapshot.Catalog), saved, clock.UtcNow(), within);
    }

    /// <summary>
    /// Every condition the answer for <paramref name="rule"/> depends on: its own bands and those of
    /// the rules it is decided together with (a higher-priority rule's match takes its customers).
    /// </summary>
    public async Task<IReadOnlyList<QueryNode>> GroupConditionsAsync(TaggingRule rule, CancellationToken ct)
    {
        var catalog = (await engine.IndexAsync(db.Tenant.RequiredTenantId, ct)).Current.Catalog;
        var rules = await db.Rules.AsNoTracking().ToListAsync(ct);
        return GroupOf(rule, rules, catalog).SelectMany(r => RuleBands.Parsed(r).Select(b => b.When)).ToList();
    }

    /// <summary>Every group of the tenant's enabled rules.</summary>
    public static IEnumerable<IReadOnlyList<TaggingRule>> Groups(IReadOnlyList<TaggingRule> rules, TagCatalog catalog) =>
        rules.Where(r => r.Enabled).GroupBy(r => GroupKey(r, catalog)).Select(g => Order(g));

    public static IReadOnlyList<TaggingRule> GroupOf(TaggingRule rule, IReadOnlyList<TaggingRule> rules, TagCatalog catalog)
    {
        var key = GroupKey(rule, catalog);
        return Order(rules.Where(r => r.Id != rule.Id && r.Enabled && GroupKey(r, catalog) == key).Append(rule));
    }

    public static GroupEvaluation Evaluate(
        IndexSnapshot snapshot, IReadOnlyList<TaggingRule> group, IReadOnlyDictionary<string, QueryNode> saved, DateTime now, RoaringBitmap? within)
    {
        var compiler = new QueryCompiler(snapshot, key => saved.GetValueOrDefault(key), now, within);
        var claimed = new RoaringBitmap();
        var exclusive = group.Count > 1 || group[0].Banded || IsExclusive(group[0], snapshot.Catalog);
        var diffs = new List<TagDiff>();
        foreach (var rule in group)
        {
            foreach (var (tagId, when) in RuleBands.Parsed(rule))
            {
                var expression = compiler.Compile(when);
                if (within is not null)
                {
                    expression = BitmapExpression.And(BitmapExpression.Leaf(within), expression);
                }

                var desired = snapshot.Evaluator.Materialize(expression);
                if (exclusive)
                {
                    desired.AndNotWith(claimed);
                    claimed.OrWith(desired);
                }

                var current = snapshot.TagMembers.TryGetValue(tagId, out var holders) ? holders : new RoaringBitmap();
                if (within is not null)
                {
                    current = RoaringBitmap.And(current, within);
                }

                var remove = rule.RemoveWhenUnmatched ? RoaringBitmap.AndNot(current, desired) : new RoaringBitmap();
                diffs.Add(new TagDiff(rule, tagId, RoaringBitmap.AndNot(desired, current), remove, desired));
            }
        }

        return new GroupEvaluation(snapshot, now, group, diffs);
    }

    public Task<Dictionary<string, QueryNode>> SavedSegmentsAsync(CancellationToken ct) => SegmentCatalog.SavedQueriesAsync(db, ct);

    // Rules compete only inside an exclusive category; elsewhere each rule stands alone.
    private static string GroupKey(TaggingRule rule, TagCatalog catalog)
    {
        var first = RuleBands.TagIds(rule) is [var tagId, ..] ? tagId : 0;
        return IsExclusive(rule, catalog) && catalog.Tags.TryGetValue(first, out var tag) ? $"category:{tag.CategoryId}" : $"rule:{rule.Id}";
    }

    private static bool IsExclusive(TaggingRule rule, TagCatalog catalog) =>
        rule.Banded || (RuleBands.TagIds(rule) is [var tagId] && catalog.Tags.TryGetValue(tagId, out var tag) && catalog.IsExclusiveCategory(tag.CategoryId));

    private static List<TaggingRule> Order(IEnumerable<TaggingRule> rules) => [.. rules.OrderByDescending(r => r.Priority).ThenBy(r => r.Id)];
}
