namespace TagApi.Core.Webhooks.Payloads;

/// <summary>The <c>data</c> of <c>rule.run.completed</c>: one full evaluation of a rule.</summary>
/// <param name="Rule">The rule.</param>
/// <param name="Version">The version of the rule that ran.</param>
/// <param name="Trigger"><c>manual</c>, <c>scheduled</c> or <c>definition</c> (created or changed).</param>
/// <param name="Added">Tag assignments the run added.</param>
/// <param name="Removed">Tag assignments it removed.</param>
/// <param name="Matched">Customers holding the rule's tags once it finished.</param>
/// <param name="DurationMs">How long it took, in milliseconds.</param>
/// <param name="Error">Why it failed; null when it succeeded.</param>
public sealed record RuleRunCompletedData(RuleReference Rule, int Version, string Trigger, long Added, long Removed, long Matched, double DurationMs, string? Error);
