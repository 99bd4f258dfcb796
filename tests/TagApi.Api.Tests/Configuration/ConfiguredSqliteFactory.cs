using Microsoft.AspNetCore.Hosting;
using TagApi.Api.Tests.Infrastructure;

namespace TagApi.Api.Tests.Configuration;

/// <summary>TagApi on SQLite with settings (and optionally an environment) of the test's choosing; one per test.</summary>
public sealed class ConfiguredSqliteFactory(IEnumerable<KeyValuePair<string, string?>> settings, string? environment = null) : TagApiFactoryOnSqlite
{
    public ConfiguredSqliteFactory(params (string Key, string? Value)[] settings)
        : this(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
    {
    }

    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings => settings;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        if (environment is not null)
        {
            builder.UseEnvironment(environment);
        }
    }
}
