using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace TagApi.Core.Webhooks.Payloads;

/// <summary>
/// The documentation comments of this assembly's types (the XML file the build writes next to it), as plain text: what
/// the published event schemas describe their members with. Empty when the file is absent.
/// </summary>
internal static partial class XmlDocs
{
    private static readonly Lazy<Dictionary<string, XElement>> Members = new(Load);

    /// <summary>The summary of a type.</summary>
    public static string? Summary(Type type) =>
        Members.Value.TryGetValue("T:" + Name(type), out var member) && member.Element("summary") is { } summary ? Text(summary) : null;

    /// <summary>The documentation of a record's primary-constructor parameter (its property).</summary>
    public static string? Parameter(Type type, string? name) =>
        name is not null && Members.Value.TryGetValue("T:" + Name(type), out var member)
        && member.Elements("param").FirstOrDefault(p => (string?)p.Attribute("name") == name) is { } param
            ? Text(param)
            : null;

    private static string Name(Type type) => type.FullName!.Replace('+', '.');

    private static Dictionary<string, XElement> Load()
    {
        var path = Path.ChangeExtension(typeof(XmlDocs).Assembly.Location, ".xml");
        if (!File.Exists(path))
        {
            return [];
        }

        return XDocument.Load(path).Descendants("member")
            .Where(m => m.Attribute("name") is not null)
            .ToDictionary(m => (string)m.Attribute("name")!, StringComparer.Ordinal);
    }

    // Inline markup as plain text: <c>x</c> as `x`, a cross-reference by its simple name.
    private static string Text(XElement element)
    {
        var text = new StringBuilder();
        foreach (var node in element.Nodes())
        {
            text.Append(node switch
            {
                XText t => t.Value,
                XElement { Name.LocalName: "c" } c => $"`{c.Value}`",
                XElement { Name.LocalName: "see" } see => (string?)see.Attribute("cref") is { } cref ? cref[(cref.LastIndexOf('.') + 1)..] : see.Value,
                XElement other => other.Value,
                _ => "",
            });
        }

        return Whitespace().Replace(text.ToString(), " ").Trim();
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
