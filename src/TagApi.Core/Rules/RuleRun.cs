using TagApi.Core.Tenancy;

namespace TagApi.Core.Rules;

/// <summary>One full evaluation of a rule: what triggered it, what it changed, how long it took.</summary>
public sealed class RuleRun : ITenantOwned
{
    public long Id { get; set; }

    public long TenantId { get; set; }

    public long RuleId { get; set; }

    public TaggingRule? Rule { get; set; }

    public int RuleVersion { get; set; }

    /// <summary><c>manual</c>, <c>scheduled</c> or <c>definition</c> (created or changed).</summary>
    public required string Trigger { get; set; }

    public DateTime StartedAt { get; set; }

    public double DurationMs { get; set; }

    /// <summary>Customers holding the rule's tags once the run finished.</summary>
    public long Matched { get; set; }

    public long Added { get; set; }

    public long Removed { get; set; }

    /// <summary>Why the run failed; null when it succeeded.</summary>
    public string? Error { get; set; }
}

/// <summary>A rule's definition as it was at one version, kept so history entries can be traced.</summary>
public sealed class RuleVersion : ITenantOwned
{
    public long Id { get; set; }

    public long TenantId { get; set; }

    public long RuleId { get; set; }

    public TaggingRule? Rule { get; set; }

    public int Version { get; set; }

    /// <summary>The definition as JSON (tags by key, conditions, priority, removal).</summary>
    public required string Definition { get; set; }

    public DateTime CreatedAt { get; set; }
}
