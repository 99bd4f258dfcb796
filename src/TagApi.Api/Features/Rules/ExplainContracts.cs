using TagApi.Core.Common;
using TagApi.Core.Rules;
using TagApi.Core.Segments.Engine;
using TagApi.Core.TagAssignments;

namespace TagApi.Api.Features.Rules;

/// <summary>One node of a condition, evaluated for the customer.</summary>
/// <param name="Kind">and, or, not, segment or predicate.</param>
/// <param name="Text">The node as query text.</param>
/// <param name="Result">Whether it holds for the customer.</param>
/// <param name="Actual">The customer's actual value (a field's value, an aggregate's number, or the held tags a tag predicate looks at).</param>
/// <param name="Children">Operands, or a saved segment's query.</param>
public sealed record ExplainNodeResponse(string Kind, string Text, bool Result, object? Actual, IReadOnlyList<ExplainNodeResponse> Children)
{
    public static ExplainNodeResponse From(ExplainedNode n) => new(n.Kind, n.Text, n.Result, n.Actual, n.Children.Select(From).ToList());
}

/// <summary>One band of the rule, for the customer.</summary>
/// <param name="Tag">The band's tag.</param>
/// <param name="Matches">Whether the band's condition holds.</param>
/// <param name="Condition">The condition with each leaf's value.</param>
public sealed record ExplainBandResponse(RuleTagRef Tag, bool Matches, ExplainNodeResponse Condition);

/// <summary>How the customer's assignment of the tag was made.</summary>
/// <param name="Source">manual, rule or import.</param>
/// <param name="SourceRef">Client id, or rule id and version.</param>
/// <param name="AssignedAt">When.</param>
public sealed record ExplainAssignmentResponse(TagSource Source, string? SourceRef, DateTime AssignedAt);

/// <summary>A rule named in an explanation.</summary>
/// <param name="Id">Rule id.</param>
/// <param name="Key">Rule key.</param>
/// <param name="Version">Current version.</param>
/// <param name="Enabled">Whether it is enabled.</param>
/// <param name="Priority">Its priority.</param>
public sealed record ExplainRuleResponse(string Id, string Key, int Version, bool Enabled, int Priority)
{
    public static ExplainRuleResponse? From(TaggingRule? r) => r is null ? null : new(PublicId.Encode(IdPrefixes.Rule, r.Id), r.Key, r.Version, r.Enabled, r.Priority);
}

/// <summary>Why the customer has or lacks the tag.</summary>
/// <param name="Customer">Customer id.</param>
/// <param name="Tag">The tag.</param>
/// <param name="Holds">Whether the customer holds it now.</param>
/// <param name="Assignment">How it was assigned, when held.</param>
/// <param name="Rule">The rule that assigns the tag (null: the tag is assigned by hand or import only).</param>
/// <param name="RuleWouldAssign">Whether the rule gives the customer the tag at this moment (null without a rule).</param>
/// <param name="DecidedBy">A higher-priority rule of the same exclusive category that took precedence.</param>
/// <param name="Bands">The rule's bands (one for a single-tag rule), each condition explained.</param>
/// <param name="Summary">The explanation in one sentence.</param>
/// <param name="EvaluatedAt">The "now" of the evaluation.</param>
public sealed record ExplainResponse(
    string Customer, RuleTagRef Tag, bool Holds, ExplainAssignmentResponse? Assignment, ExplainRuleResponse? Rule, bool? RuleWouldAssign,
    ExplainRuleResponse? DecidedBy, IReadOnlyList<ExplainBandResponse> Bands, string Summary, DateTime EvaluatedAt)
{
    public static ExplainResponse From(TagExplanation e)
    {
        var tagRef = new RuleTagRef(PublicId.Encode(IdPrefixes.Tag, e.Tag.Id), e.Tag.Key);
        return new(
            PublicId.Encode(IdPrefixes.Customer, e.CustomerId), tagRef, e.Holds,
            e.Assignment is { } a ? new ExplainAssignmentResponse(a.Source, a.SourceRef, a.AssignedAt) : null,
            ExplainRuleResponse.From(e.Rule), e.RuleWouldAssign, ExplainRuleResponse.From(e.DecidedBy),
            e.Bands.Select(b => new ExplainBandResponse(new RuleTagRef(PublicId.Encode(IdPrefixes.Tag, b.TagId), b.TagKey), b.Matches, ExplainNodeResponse.From(b.Condition))).ToList(),
            Summarize(e), e.EvaluatedAt);
    }

    private static string Summarize(TagExplanation e)
    {
        var holds = e.Holds ? $"holds '{e.Tag.Key}'" : $"does not hold '{e.Tag.Key}'";
        if (e.Rule is null)
        {
            return $"The customer {holds}; no rule assigns this tag, so only manual and import changes apply.";
        }

        var matching = e.Bands.FirstOrDefault(b => b.Matches);
        var why = e.DecidedBy is { } other
            ? $"rule '{other.Key}' (priority {other.Priority}) takes precedence in this exclusive category"
            : e.RuleWouldAssign == true
                ? $"rule '{e.Rule.Key}' v{e.Rule.Version} matches{(matching is null ? "" : $": {matching.Condition.Text}")}"
                : $"rule '{e.Rule.Key}' v{e.Rule.Version} does not match for this tag";
        var pending = e.RuleWouldAssign is { } would && would != e.Holds && (e.Rule.RemoveWhenUnmatched || would) && e.Rule.Enabled
            ? " The next evaluation will change it."
            : "";
        return $"The customer {holds}; {why}.{pending}";
    }
}
