using TagApi.Core.Common;

namespace TagApi.Core.Rules;

/// <summary>
/// Writable fields of a rule. A single-tag rule gives <see cref="Tag"/> and <see cref="Condition"/>;
/// a band rule gives <see cref="Bands"/> (tags of one exclusive category, first match wins).
/// </summary>
public sealed record RuleInput
{
    /// <summary>Unique slug; it cannot change once created.</summary>
    public Optional<string> Key { get; init; }

    /// <summary>Display name.</summary>
    public Optional<string> Name { get; init; }

    /// <summary>Free text; null clears it.</summary>
    public Optional<string?> Description { get; init; }

    /// <summary>The tag (id or key) a single-tag rule assigns.</summary>
    public Optional<string?> Tag { get; init; }

    /// <summary>The query-language condition of a single-tag rule.</summary>
    public Optional<string?> Condition { get; init; }

    /// <summary>Ordered bands of a band rule (tags of one exclusive category, first match wins).</summary>
    public Optional<IReadOnlyList<RuleBandInput>?> Bands { get; init; }

    /// <summary>Disabled rules keep their tags but change nothing.</summary>
    public Optional<bool> Enabled { get; init; }

    /// <summary>Among rules of one exclusive category, the higher priority wins.</summary>
    public Optional<int> Priority { get; init; }

    /// <summary>Whether the tag is removed when the condition stops holding.</summary>
    public Optional<bool> RemoveWhenUnmatched { get; init; }

    /// <summary>Full re-evaluation interval; null restores the default (15 minutes).</summary>
    public Optional<RuleScheduleInput?> Schedule { get; init; }

    /// <summary>True when the input changes what the rule does (and so its version).</summary>
    public bool ChangesDefinition => Tag.IsSet || Condition.IsSet || Bands.IsSet || Priority.IsSet || RemoveWhenUnmatched.IsSet;
}

/// <summary>One band as given: a tag (id or key) and the condition under which a customer gets it.</summary>
public sealed record RuleBandInput(string? Tag, string? When);

/// <summary>How often time-dependent conditions are re-evaluated in full.</summary>
public sealed record RuleScheduleInput(int? IntervalMinutes);
