using TagApi.Api.Configuration;
using TagApi.Api.Tests.Infrastructure;

namespace TagApi.Api.Tests.Configuration;

/// <summary>docs/configuration.md lists exactly the settings the options classes define, with their defaults.</summary>
public sealed class ConfigurationDocsContractTests
{
    [Fact]
    public async Task The_settings_table_in_the_docs_equals_the_options_classes()
    {
        var path = RepositoryFiles.PathOf("docs/configuration.md");
        var text = await File.ReadAllTextAsync(path);
        var start = text.IndexOf(SettingsTable.Start, StringComparison.Ordinal);
        var end = text.IndexOf(SettingsTable.End, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, $"docs/configuration.md needs the markers {SettingsTable.Start} and {SettingsTable.End} around the settings table.");

        var expected = text[..(start + SettingsTable.Start.Length)] + "\n\n" + SettingsTable.Markdown() + "\n" + text[end..];
        if (RepositoryFiles.Updating)
        {
            await File.WriteAllTextAsync(path, expected);
        }

        Assert.True(expected == await File.ReadAllTextAsync(path),
            "The settings table in docs/configuration.md differs from the options classes. If the change is deliberate, run scripts/update-specs.sh and commit the result.");
    }

    [Fact]
    public void Every_options_class_of_the_api_is_a_catalogued_section_or_part_of_one()
    {
        var catalogued = SettingsCatalog.Sections.Select(s => s.OptionsType).ToHashSet();
        var nested = new HashSet<Type>();
        foreach (var type in catalogued)
        {
            CollectParts(type, nested);
        }

        var optionsTypes = typeof(SettingsCatalog).Assembly.GetTypes()
            .Where(t => t.IsClass && !t.IsAbstract && (t.Name.EndsWith("Options", StringComparison.Ordinal) || typeof(ISettingsSection).IsAssignableFrom(t)))
            .Where(t => t.GetConstructor(Type.EmptyTypes) is not null);
        Assert.All(optionsTypes, t => Assert.True(catalogued.Contains(t) || nested.Contains(t),
            $"{t.FullName} looks like an options class but is not in SettingsCatalog.Sections (so not in docs/configuration.md)."));
        Assert.Equal(SettingsCatalog.Sections.Count, SettingsCatalog.Sections.Select(s => s.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void Every_setting_has_a_meaning_and_the_keys_are_unique()
    {
        var rows = SettingsTable.Rows();
        Assert.All(rows, r => Assert.False(string.IsNullOrWhiteSpace(r.Meaning), r.Key));
        Assert.Equal(rows.Count, rows.Select(r => r.Key).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        // The keys tests, the benchmark and existing deployments set keep their names.
        foreach (var key in new[]
                 {
                     "Database:Provider", "ConnectionStrings:TagApi", "Auth:SigningKey", "Auth:SigningKeyPath", "Demo:SeedOnFirstStart",
                     "RateLimiting:PermitsPerSecond", "RateLimiting:Burst", "TagExpiry:SweepSeconds", "Webhooks:AllowPrivateDestinations",
                     "Webhooks:TimeoutSeconds", "Webhooks:LeaseSeconds", "Webhooks:PollMilliseconds", "Webhooks:PerEndpointConcurrency",
                     "Webhooks:DispatcherEnabled", "Rules:SchedulerSeconds", "Rules:IncrementalDelayMilliseconds", "Segments:FollowMilliseconds",
                     "Segments:MembershipSchedulerSeconds", "Segments:MembershipDelayMilliseconds", "Segments:MembershipRefreshSeconds",
                     "Segments:MembershipLeaseSeconds", "Database:MigrateOnStartup", "Database:MultiplexedReads", "Activities:BulkMaxBytes",
                     "Auth:RequireHttps", "Auth:Issuer", "GraphQL:ComplexityPerToken",
                 })
        {
            Assert.Contains(key, rows.Select(r => r.Key));
        }
    }

    private static void CollectParts(Type type, HashSet<Type> parts)
    {
        foreach (var property in type.GetProperties())
        {
            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            var part = propertyType.IsGenericType && propertyType.GetGenericTypeDefinition() == typeof(Dictionary<,>)
                ? propertyType.GetGenericArguments()[1]
                : propertyType;
            if (part.IsClass && part != typeof(string) && part.Assembly == type.Assembly && parts.Add(part))
            {
                CollectParts(part, parts);
            }
        }
    }
}
