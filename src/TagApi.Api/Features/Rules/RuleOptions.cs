using System.ComponentModel.DataAnnotations;
using TagApi.Api.Configuration;

namespace TagApi.Api.Features.Rules;

/// <summary>How the rule worker paces itself, from the <c>Rules</c> section.</summary>
public sealed class RuleOptions : ISettingsSection
{
    public static string SectionName => "Rules";

    /// <summary>How long the worker waits after a customer changed on this node before re-evaluating, folding a burst of changes into one pass.</summary>
    [Range(0, 60_000)]
    public int IncrementalDelayMilliseconds { get; set; } = 200;

    /// <summary>How often rules whose next evaluation is due are looked for and run in full.</summary>
    [Range(0.01, 3600)]
    public double SchedulerSeconds { get; set; } = 5;
}
