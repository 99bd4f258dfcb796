using TagApi.Core.Common;
using TagApi.Core.Conditional;
using TagApi.Core.Tenancy;

namespace TagApi.Core.Rules;

/// <summary>
/// Assigns tags automatically: one tag while a condition holds, or — for an exclusive category —
/// the tag of the first band whose condition holds. The definition (bands, priority, removal) is
/// versioned; every change it makes is recorded with the rule's id and version.
/// </summary>
public sealed class TaggingRule : ITenantOwned, ILeased, IRevised
{
    public long Id { get; set; }

    public long TenantId { get; set; }

    public required string Key { get; set; }

    public required string Name { get; set; }

    public string? Description { get; set; }

    /// <summary>True for a band rule (several tags of one exclusive category); false for a single-tag rule (one band).</summary>
    public bool Banded { get; set; }

    /// <summary>The bands as JSON: <c>[{"tagId":1,"when":"…"}]</c>, in order; a single-tag rule has one.</summary>
    public string Bands { get; set; } = "[]";

    public bool Enabled { get; set; } = true;

    /// <summary>Among rules assigning tags of one exclusive category, the higher priority wins.</summary>
    public int Priority { get; set; }

    /// <summary>Grows by one with every change to what the rule does.</summary>
    public int Version { get; set; } = 1;

    public bool RemoveWhenUnmatched { get; set; } = true;

    /// <summary>How stale the rule's tags may become before a scheduled full run (time passing changes windows).</summary>
    public int IntervalMinutes { get; set; } = RuleLimits.DefaultIntervalMinutes;

    public DateTime? LastEvaluatedAt { get; set; }

    public DateTime? NextEvaluationAt { get; set; }

    /// <summary>The server instance currently running the rule, so several instances never run it at once.</summary>
    public string? LeaseOwner { get; set; }

    public DateTime? LeaseUntil { get; set; }

    /// <summary>
    /// The row's version (its ETag): unlike <see cref="Version"/>, which counts changes to what the rule does, it moves
    /// with every change the rule shows — its name, its schedule, its last run.
    /// </summary>
    public long Revision { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}

/// <summary>One band: the tag a customer gets when <see cref="When"/> holds (and no earlier band did).</summary>
public sealed record RuleBand(long TagId, string When);
