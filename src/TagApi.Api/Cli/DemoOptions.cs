using TagApi.Api.Configuration;

namespace TagApi.Api.Cli;

/// <summary>The demo tenant created on an empty database, from the <c>Demo</c> section.</summary>
public sealed class DemoOptions : ISettingsSection
{
    public static string SectionName => "Demo";

    /// <summary>
    /// On the first start against an empty database, create a <c>demo</c> tenant with an all-scope client and print
    /// its secret. Unset, this happens only in the Development environment; set it to true to allow it elsewhere.
    /// </summary>
    [SettingDefault("only in Development")]
    public bool? SeedOnFirstStart { get; set; }

    /// <summary>Whether to seed in the given environment.</summary>
    public bool SeedsIn(IHostEnvironment environment) => SeedOnFirstStart ?? environment.IsDevelopment();
}
