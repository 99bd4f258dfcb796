using TagApi.Api.Configuration;

namespace TagApi.Api.Database;

/// <summary>Connection strings, from the standard <c>ConnectionStrings</c> section.</summary>
public sealed class ConnectionStringsOptions : ISettingsSection
{
    public static string SectionName => "ConnectionStrings";

    /// <summary>The database's connection string. Required for Postgres and SqlServer; a relative SQLite file lives under the content root.</summary>
    [SettingDefault("`Data Source=data/tagapi.db` on SQLite")]
    public string? TagApi { get; set; }
}
