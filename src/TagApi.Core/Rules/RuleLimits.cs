namespace TagApi.Core.Rules;

/// <summary>Bounds on rule definitions.</summary>
public static class RuleLimits
{
    public const int DefaultIntervalMinutes = 15;
    public const int MinIntervalMinutes = 1;
    public const int MaxIntervalMinutes = 24 * 60;
    public const int MaxBands = 20;
    public const int MaxRulesPerTenant = 500;
}
