using Microsoft.EntityFrameworkCore;
using TagApi.Core.Common;
using TagApi.Core.Customers;
using TagApi.Core.Data;
using TagApi.Core.Segments;
using TagApi.Core.Segments.Engine;
using TagApi.Core.Segments.Index;
using TagApi.Core.Segments.Query;
using TagApi.Core.TagAssignments;
using TagApi.Core.Tags;

namespace TagApi.Core.Rules;

/// <summary>One band of the rule, explained for the customer.</summary>
/// <param name="TagId">The band's tag.</param>
/// <param name="TagKey">Its key.</param>
/// <param name="Matches">Whether the band's condition holds.</param>
/// <param name="Condition">The condition, node by node, with actual values.</param>
public sealed record BandExplanation(long TagId, string TagKey, bool Matches, ExplainedNode Condition);

/// <summary>Why a customer has or lacks a tag.</summary>
/// <param name="CustomerId">The customer.</param>
/// <param name="Tag">The tag asked about.</param>
/// <param name="Holds">Whether the customer holds it now.</param>
/// <param name="Assignment">How it was assigned, when held.</param>
/// <param name="Rule">The rule assigning the tag, if any.</param>
/// <param name="RuleWouldAssign">Whether the rule (with its group) gives the customer the tag now; null without a rule.</param>
/// <param name="DecidedBy">When a higher-priority rule of the same exclusive category took precedence, that rule.</param>
/// <param name="Bands">Each band of the rule with its condition explained.</param>
/// <param name="EvaluatedAt">The "now" the conditions were evaluated at.</param>
public sealed record TagExplanation(
    long CustomerId, Tag Tag, bool Holds, TagAssignment? Assignment, TaggingRule? Rule, bool? RuleWouldAssign, TaggingRule? DecidedBy,
    IReadOnlyList<BandExplanation> Bands, DateTime EvaluatedAt);

/// <summary>Explains a customer's tag: the rule behind it and every leaf of its condition with the customer's value.</summary>
public sealed class RuleExplainer(
    TagApiDbContext db, CustomerLookup customers, TagLookup tags, SegmentEngine engine, RuleEvaluator evaluator, PersonalDataGuard personalData, TimeProvider clock)
{
    public async Task<TagExplanation> ExplainAsync(string customerId, string tagIdOrKey, CancellationToken ct)
    {
        var customer = await customers.GetAsync(customerId, ct);
        var tag = await tags.GetAsync(tagIdOrKey, ct);
        var assignment = await db.TagAssignments.AsNoTracking().FirstOrDefaultAsync(a => a.CustomerId == customer.Id && a.TagId == tag.Id, ct);
        var rules = await db.Rules.AsNoTracking().ToListAsync(ct);
        var rule = rules.FirstOrDefault(r => RuleBands.TagIds(r).Contains(tag.Id));
        var now = clock.UtcNow();
        if (rule is null)
        {
            return new TagExplanation(customer.Id, tag, assignment is not null, assignment, null, null, null, [], now);
        }

        var snapshot = (await engine.IndexAsync(db.Tenant.RequiredTenantId, ct)).Current;
        var group = RuleEvaluator.GroupOf(rule, rules, snapshot.Catalog);

        // The explanation shows each leaf's value for this customer (an age, for one) and which rule of the group won.
        await personalData.EnsureMayReadAsync(group.SelectMany(r => RuleBands.Parsed(r).Select(b => b.When)).ToList(), ct);
        var ordinal = snapshot.OrdinalOf(customer.Id) ?? throw new NotFoundException("Customer", customerId);
        var saved = await evaluator.SavedSegmentsAsync(ct);
        var explainer = new QueryExplainer(snapshot, saved, now, ordinal);
        var bands = RuleBands.Parsed(rule)
            .Select(b => (b.TagId, Node: explainer.Explain(b.When)))
            .Select(b => new BandExplanation(b.TagId, snapshot.Catalog.Tags.TryGetValue(b.TagId, out var t) ? t.Key : "?", b.Node.Result, b.Node))
            .ToList();

        var evaluation = RuleEvaluator.Evaluate(snapshot, group, saved, now, RoaringBitmap.FromSorted([ordinal]));
        var would = evaluation.Tags.Any(t => t.TagId == tag.Id && t.Desired.Contains(ordinal));
        var decidedBy = would ? null : evaluation.Tags.FirstOrDefault(t => t.OwnerRule.Id != rule.Id && t.Desired.Contains(ordinal))?.OwnerRule;
        return new TagExplanation(customer.Id, tag, assignment is not null, assignment, rule, would, decidedBy, bands, now);
    }
}
