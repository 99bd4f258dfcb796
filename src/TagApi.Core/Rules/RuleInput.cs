using TagApi.Core.Common;

namespace TagApi.Core.Rules;

/// <summary>
/// Writable fields of a rule. A single-tag rule gives <see cref="Tag"/> and <see cref="Condition"/>;
/// a band rule gives <see cref="Bands"/> (tags of one exclusive category, first match wins).
/// </summary>
public sealed record RuleInput
{
    public Optional<string> Key { get; init; }

    public Optional<string> Name { get; init; }

    public Optional<string?> Description { get; init; }

    /// <summary>The tag (id or key) a single-tag rule assigns.</summary>
    public Optional<string?> Tag { get; init; }

    /// <summary>The query-language condition of a single-tag rule.</summary>
    public Optional<string?> Condition { get; init; }

    public Optional<IReadOnlyList<RuleBandInput>?> Bands { get; init; }

    public Optional<bool> Enabled { get; init; }

    public Optional<int> Priority { get; init; }

    public Optional<bool> RemoveWhenUnmatched { get; init; }

    public Optional<RuleScheduleInput?> Schedule { get; init; }

    /// <summary>True when the input changes what the rule does (and so its version).</summary>
    public bool ChangesDefinition => Tag.IsSet || Condition.IsSet || Bands.IsSet || Priority.IsSet || RemoveWhenUnmatched.IsSet;
}

/// <summary>One band as given: a tag (id or key) and the condition under which a customer gets it.</summary>
public sealed record RuleBandInput(string? Tag, string? When);

/// <summary>How often time-dependent conditions are re-evaluated in full.</summary>
public sealed record RuleScheduleInput(int? IntervalMinutes);
