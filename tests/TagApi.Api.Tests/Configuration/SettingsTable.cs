using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using TagApi.Api.Configuration;

namespace TagApi.Api.Tests.Configuration;

/// <summary>
/// Generates docs/configuration.md's settings table from the options classes: every public settable
/// property of every section in <see cref="SettingsCatalog"/>, with its type, its default (from a fresh
/// instance, or <see cref="SettingDefaultAttribute"/> where the default is worked out at start) and its
/// meaning (the property's XML doc summary).
/// </summary>
internal static partial class SettingsTable
{
    public const string Start = "<!-- settings:start — generated from the options classes; change them, then run scripts/update-specs.sh -->";
    public const string End = "<!-- settings:end -->";

    public sealed record Row(string Key, string Type, string Default, string Meaning);

    public static IReadOnlyList<Row> Rows()
    {
        var docs = XDocument.Load(Path.Combine(AppContext.BaseDirectory, "TagApi.Api.xml"));
        var rows = new List<Row>();
        foreach (var section in SettingsCatalog.Sections)
        {
            Walk(section.Name, section.OptionsType, Activator.CreateInstance(section.OptionsType), null, docs, rows);
        }

        return rows;
    }

    public static string Markdown()
    {
        var text = new StringBuilder();
        text.Append("| Key | Type | Default | Meaning |\n|---|---|---|---|\n");
        foreach (var row in Rows())
        {
            text.Append(CultureInfo.InvariantCulture, $"| `{row.Key}` | {row.Type} | {Cell(row.Default)} | {Cell(row.Meaning)} |\n");
        }

        return text.ToString();
    }

    private static void Walk(string prefix, Type type, object? defaults, string? parentMeaning, XDocument docs, List<Row> rows)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod?.IsPublic == true))
        {
            var key = $"{prefix}:{property.Name}";
            var summary = Summary(docs, property);
            var meaning = parentMeaning is null ? summary : $"{parentMeaning.TrimEnd('.')}: {char.ToLowerInvariant(summary[0])}{summary[1..]}";
            var value = defaults is null ? null : property.GetValue(defaults);
            var valueType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (TypeName(valueType) is { } name)
            {
                rows.Add(new Row(key, name, DefaultOf(property, value), meaning));
            }
            else if (valueType.IsGenericType && valueType.GetGenericTypeDefinition() == typeof(Dictionary<,>))
            {
                var entryType = valueType.GetGenericArguments()[1];
                Walk($"{key}:{{key}}", entryType, Activator.CreateInstance(entryType), summary, docs, rows);
            }
            else
            {
                Walk(key, valueType, value, summary, docs, rows);
            }
        }
    }

    private static string? TypeName(Type type) => type switch
    {
        _ when type == typeof(string) => "string",
        _ when type == typeof(bool) => "bool",
        _ when type == typeof(int) || type == typeof(long) => "integer",
        _ when type == typeof(double) => "number",
        _ => null,
    };

    private static string DefaultOf(PropertyInfo property, object? value) => value switch
    {
        null => property.GetCustomAttribute<SettingDefaultAttribute>()?.Text
            ?? throw new InvalidOperationException($"{property.DeclaringType!.Name}.{property.Name} defaults to null; say what that means with [SettingDefault].)"),
        bool b => b ? "`true`" : "`false`",
        string s => $"`{s}`",
        IFormattable f => $"`{f.ToString(null, CultureInfo.InvariantCulture)}`",
        IEnumerable => "(none)",
        _ => value.ToString()!,
    };

    private static string Summary(XDocument docs, PropertyInfo property)
    {
        var id = $"P:{property.DeclaringType!.FullName!.Replace('+', '.')}.{property.Name}";
        var member = docs.Descendants("member").FirstOrDefault(m => (string?)m.Attribute("name") == id)?.Element("summary")
            ?? throw new InvalidOperationException($"{id} has no XML doc summary; every setting needs one (it is the Meaning column).");
        var text = new StringBuilder();
        foreach (var node in member.Nodes())
        {
            text.Append(node switch
            {
                XText t => t.Value,
                XElement { Name.LocalName: "c" } c => $"`{c.Value}`",
                XElement { Name.LocalName: "see" } see => $"`{((string?)see.Attribute("cref") ?? "").Split('.')[^1]}`",
                XElement e => e.Value,
                _ => "",
            });
        }

        return Whitespace().Replace(text.ToString(), " ").Trim();
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
