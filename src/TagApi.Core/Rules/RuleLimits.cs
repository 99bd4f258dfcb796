namespace TagApi.Core.Rules;

/// <summary>Bounds on rule definitions.</summary>
public static class RuleLimits
{
    public const int DefaultIntervalMinutes = 15;
    public const int MinIntervalMinutes = 1;
    public const int MaxIntervalMinutes = 24 * 60;
    public const int MaxBands = 20;
    public const int MaxRulesPerTenant = 500;

    /// <summary>Previews and runs name at most this many customers who gained, and who lost, a tag.</summary>
    public const int PreviewSampleSize = 10;

    /// <summary>A run's recorded error is cut to this length.</summary>
    public const int RunErrorMaxLength = 2000;
}
