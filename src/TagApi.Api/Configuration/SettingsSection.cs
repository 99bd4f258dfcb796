namespace TagApi.Api.Configuration;

/// <summary>An options class bound to one top-level configuration section (<c>Webhooks</c>, <c>Segments</c>, …).</summary>
public interface ISettingsSection
{
    /// <summary>The configuration section the class is bound to.</summary>
    static abstract string SectionName { get; }
}

/// <summary>
/// What an unset (null) setting means, for settings whose default is worked out at start rather
/// than written as a value (the issuer defaults to the server's first URL). Shown in docs/configuration.md.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SettingDefaultAttribute(string text) : Attribute
{
    public string Text { get; } = text;
}
