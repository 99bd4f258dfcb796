using TagApi.Core.Common;
using TagApi.Core.Rules;
using TagApi.Core.Tags;

namespace TagApi.Api.Features.Rules;

/// <summary>A tag as a rule names it.</summary>
/// <param name="Id">Tag id (<c>tag_…</c>).</param>
/// <param name="Key">Tag key.</param>
public sealed record RuleTagRef(string Id, string Key)
{
    public static RuleTagRef From(long id, IReadOnlyDictionary<long, Tag> tags) =>
        new(PublicId.Encode(IdPrefixes.Tag, id), tags.TryGetValue(id, out var t) ? t.Key : "");
}

/// <summary>One band of a band rule.</summary>
/// <param name="Tag">The tag a customer gets.</param>
/// <param name="When">The condition (query language), canonical text.</param>
public sealed record RuleBandResponse(RuleTagRef Tag, string When);

/// <summary>How often a rule is re-evaluated in full.</summary>
/// <param name="IntervalMinutes">Maximum staleness of time-dependent conditions, in minutes (1–1440, default 15).</param>
public sealed record RuleScheduleResponse(int IntervalMinutes);

/// <summary>A tagging rule.</summary>
/// <param name="Id">Opaque id (<c>rul_…</c>).</param>
/// <param name="Key">Unique slug within the tenant.</param>
/// <param name="Name">Display name.</param>
/// <param name="Description">Free text.</param>
/// <param name="Tag">The tag of a single-tag rule (null for a band rule).</param>
/// <param name="Condition">The condition of a single-tag rule (null for a band rule).</param>
/// <param name="Bands">The bands of a band rule, first match wins (null for a single-tag rule).</param>
/// <param name="Enabled">Disabled rules keep their tags but change nothing.</param>
/// <param name="Priority">Among rules of one exclusive category, the higher priority wins.</param>
/// <param name="Version">Grows with every change to what the rule does; history entries name it.</param>
/// <param name="RemoveWhenUnmatched">Whether the tag is removed when the condition stops holding.</param>
/// <param name="Schedule">Full re-evaluation interval.</param>
/// <param name="LastEvaluatedAt">When the last full run started.</param>
/// <param name="NextEvaluationAt">When the next full run is due (null while disabled).</param>
/// <param name="CreatedAt">Creation time (UTC).</param>
/// <param name="UpdatedAt">Last change (UTC).</param>
public sealed record RuleResponse(
    string Id, string Key, string Name, string? Description, RuleTagRef? Tag, string? Condition, IReadOnlyList<RuleBandResponse>? Bands,
    bool Enabled, int Priority, int Version, bool RemoveWhenUnmatched, RuleScheduleResponse Schedule, DateTime? LastEvaluatedAt,
    DateTime? NextEvaluationAt, DateTime CreatedAt, DateTime UpdatedAt)
{
    public static RuleResponse From(TaggingRule r, IReadOnlyDictionary<long, Tag> tags)
    {
        var bands = RuleBands.Of(r);
        return new(
            PublicId.Encode(IdPrefixes.Rule, r.Id), r.Key, r.Name, r.Description,
            r.Banded ? null : RuleTagRef.From(bands[0].TagId, tags), r.Banded ? null : bands[0].When,
            r.Banded ? bands.Select(b => new RuleBandResponse(RuleTagRef.From(b.TagId, tags), b.When)).ToList() : null,
            r.Enabled, r.Priority, r.Version, r.RemoveWhenUnmatched, new RuleScheduleResponse(r.IntervalMinutes), r.LastEvaluatedAt,
            r.NextEvaluationAt, r.CreatedAt, r.UpdatedAt);
    }
}

/// <summary>
/// A new rule: either <c>tag</c> with <c>condition</c>, or <c>bands</c> (tags of one exclusive
/// category, first match wins; use <c>true</c> as the last band's condition for a catch-all).
/// </summary>
/// <param name="Key">Unique slug.</param>
/// <param name="Name">Display name.</param>
/// <param name="Description">Free text.</param>
/// <param name="Tag">Tag id or key (single-tag rule).</param>
/// <param name="Condition">Query-language condition, e.g. <c>count(interaction, 30d) &gt;= 3</c>.</param>
/// <param name="Bands">Ordered bands (band rule).</param>
/// <param name="Enabled">Default true; create disabled to preview first.</param>
/// <param name="Priority">Default 0.</param>
/// <param name="RemoveWhenUnmatched">Default true.</param>
/// <param name="Schedule">Default every 15 minutes.</param>
public sealed record CreateRuleRequest(
    string Key, string Name, string? Description = null, string? Tag = null, string? Condition = null, IReadOnlyList<RuleBandInput>? Bands = null,
    bool? Enabled = null, int? Priority = null, bool? RemoveWhenUnmatched = null, RuleScheduleInput? Schedule = null)
{
    public RuleInput ToInput() => new()
    {
        Key = new(Key),
        Name = new(Name),
        Description = new(Description),
        Tag = Tag is null ? default : new(Tag),
        Condition = Condition is null ? default : new(Condition),
        Bands = Bands is null ? default : new(Bands),
        Enabled = Enabled is { } e ? new(e) : default,
        Priority = Priority is { } p ? new(p) : default,
        RemoveWhenUnmatched = RemoveWhenUnmatched is { } r ? new(r) : default,
        Schedule = Schedule is null ? default : new(Schedule),
    };
}

/// <summary>A run of a rule (or a preview, which changes nothing).</summary>
/// <param name="Id">Run id (<c>run_…</c>; absent for a preview).</param>
/// <param name="Rule">The rule id.</param>
/// <param name="RuleVersion">The rule version evaluated.</param>
/// <param name="Trigger">manual, scheduled, definition (created or changed) or preview.</param>
/// <param name="StartedAt">When it started; conditions were evaluated at this time.</param>
/// <param name="DurationMs">Wall time in milliseconds.</param>
/// <param name="Matched">Customers meeting the rule's conditions (holding its tags after the run).</param>
/// <param name="Added">Tag assignments added.</param>
/// <param name="Removed">Tag assignments removed.</param>
/// <param name="Error">Why the run failed, if it did.</param>
public sealed record RuleRunResponse(
    string? Id, string Rule, int RuleVersion, string Trigger, DateTime StartedAt, double DurationMs, long Matched, long Added, long Removed, string? Error)
{
    public static RuleRunResponse From(RuleRun r) => new(
        r.Id == 0 ? null : PublicId.Encode(IdPrefixes.RuleRun, r.Id), PublicId.Encode(IdPrefixes.Rule, r.RuleId),
        r.RuleVersion, r.Trigger, r.StartedAt, Math.Round(r.DurationMs, 3), r.Matched, r.Added, r.Removed, r.Error);
}

/// <summary>The exact diff a run would write now, with samples; nothing is changed.</summary>
/// <param name="WouldAdd">Customers who would gain the rule's tags.</param>
/// <param name="WouldRemove">Customers who would lose them.</param>
/// <param name="Matched">Customers meeting the conditions.</param>
/// <param name="SampleAdded">Up to 10 customer ids that would gain a tag.</param>
/// <param name="SampleRemoved">Up to 10 customer ids that would lose one.</param>
/// <param name="ComputedAt">The "now" the conditions were evaluated at.</param>
public sealed record RulePreviewResponse(long WouldAdd, long WouldRemove, long Matched, IReadOnlyList<string> SampleAdded, IReadOnlyList<string> SampleRemoved, DateTime ComputedAt)
{
    public static RulePreviewResponse From(RuleRunResult r) => new(
        r.Run.Added, r.Run.Removed, r.Run.Matched, Ids(r.SampleAdded), Ids(r.SampleRemoved), r.Run.StartedAt);

    internal static List<string> Ids(IReadOnlyList<long> ids) => ids.Select(id => PublicId.Encode(IdPrefixes.Customer, id)).ToList();
}

/// <summary>A run that was just made.</summary>
/// <param name="Run">The recorded run.</param>
/// <param name="SampleAdded">Up to 10 customer ids that gained a tag.</param>
/// <param name="SampleRemoved">Up to 10 customer ids that lost one.</param>
public sealed record RuleRunNowResponse(RuleRunResponse Run, IReadOnlyList<string> SampleAdded, IReadOnlyList<string> SampleRemoved);

/// <summary>One version of a rule's definition.</summary>
/// <param name="Version">Version number.</param>
/// <param name="Definition">Bands (tags by key), priority and removal as they were.</param>
/// <param name="CreatedAt">When this version was made.</param>
public sealed record RuleVersionResponse(int Version, System.Text.Json.JsonElement Definition, DateTime CreatedAt)
{
    public static RuleVersionResponse From(RuleVersion v) =>
        new(v.Version, System.Text.Json.JsonDocument.Parse(v.Definition).RootElement.Clone(), v.CreatedAt);
}

/// <summary>Every version of a rule, newest first.</summary>
/// <param name="Data">The versions.</param>
public sealed record RuleVersionsResponse(IReadOnlyList<RuleVersionResponse> Data);
