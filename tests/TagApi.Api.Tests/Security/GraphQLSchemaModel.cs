using System.Globalization;
using System.Text.Json.Nodes;
using TagApi.Api.Tests.Infrastructure;

namespace TagApi.Api.Tests.Security;

/// <summary>A type reference as introspection reports it (<c>NON_NULL</c> and <c>LIST</c> wrap a named type).</summary>
public sealed record GqlTypeRef(string Kind, string? Name, GqlTypeRef? OfType)
{
    public GqlTypeRef Named => OfType is null ? this : OfType.Named;

    public bool IsNonNull => Kind == "NON_NULL";

    public static GqlTypeRef From(JsonNode node) =>
        new(node["kind"]!.GetValue<string>(), node["name"]?.GetValue<string>(), node["ofType"] is { } of ? From(of) : null);
}

/// <summary>An argument or an input field.</summary>
public sealed record GqlValue(string Name, GqlTypeRef Type);

/// <summary>A root field of the query or mutation type.</summary>
public sealed record GqlRootField(string Name, bool IsMutation, IReadOnlyList<GqlValue> Args, GqlTypeRef Type)
{
    public string Operation => IsMutation ? "mutation" : "query";

    public bool Takes(string argument) => Args.Any(a => a.Name == argument);

    public override string ToString() => $"{Operation} {Name}";
}

/// <summary>
/// The schema as a client sees it through introspection, and documents built from it: each root field
/// called with its required arguments filled in (placeholders, or values given) and the least selection.
/// </summary>
public sealed class GraphQLSchemaModel
{
    private const string TypeRef = "fragment T on __Type { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } }";

    private const string Introspection =
        "query { __schema { queryType { name } mutationType { name } types { kind name " +
        "fields(includeDeprecated: true) { name args { name type { ...T } } type { ...T } } " +
        "inputFields { name type { ...T } } enumValues(includeDeprecated: true) { name } } } } " + TypeRef;

    private readonly Dictionary<string, JsonNode> _types;

    private GraphQLSchemaModel(Dictionary<string, JsonNode> types, IReadOnlyList<GqlRootField> roots)
    {
        _types = types;
        Roots = roots;
    }

    public IReadOnlyList<GqlRootField> Roots { get; }

    public static async Task<GraphQLSchemaModel> LoadAsync(TenantSession session)
    {
        var schema = (await session.GraphQLAsync(Introspection))["__schema"]!;
        var types = schema["types"]!.AsArray().ToDictionary(t => t!["name"]!.GetValue<string>(), t => t!);
        var roots = new List<GqlRootField>();
        foreach (var (root, mutation) in new[] { (schema["queryType"]!, false), (schema["mutationType"], true) })
        {
            if (root is null)
            {
                continue;
            }

            foreach (var field in types[root["name"]!.GetValue<string>()]["fields"]!.AsArray())
            {
                roots.Add(new GqlRootField(
                    field!["name"]!.GetValue<string>(), mutation, Values(field["args"]), GqlTypeRef.From(field["type"]!)));
            }
        }

        return new GraphQLSchemaModel(types, roots);
    }

    /// <summary>
    /// A document selecting only <paramref name="field"/>: the given argument literals, a placeholder for every
    /// other required argument, <c>first: 1</c> on connections, <c>__typename</c> and <paramref name="selection"/>.
    /// </summary>
    public string Document(GqlRootField field, IReadOnlyDictionary<string, string>? literals = null, string selection = "")
    {
        var args = new List<string>();
        foreach (var arg in field.Args)
        {
            if (literals?.TryGetValue(arg.Name, out var given) == true)
            {
                args.Add($"{arg.Name}: {given}");
            }
            else if (arg.Type.IsNonNull || (arg.Name == "first" && !(literals?.ContainsKey("last") ?? false)))
            {
                args.Add($"{arg.Name}: {Placeholder(arg.Type)}");
            }
        }

        var call = args.Count == 0 ? field.Name : $"{field.Name}({string.Join(", ", args)})";
        var kind = Kind(field.Type.Named.Name!);
        var body = kind is "OBJECT" or "INTERFACE" or "UNION" ? $" {{ __typename {selection} }}" : "";
        return $"{field.Operation} {{ {call}{body} }}";
    }

    /// <summary>Whether the value is of type ID or text named in <paramref name="names"/>, or an input object (recursively) with such a field.</summary>
    public bool References(GqlValue value, IReadOnlySet<string> names) => References(value, names, []);

    public IReadOnlyList<GqlValue> FieldsOf(string typeName) => Values(_types[typeName]["fields"]);

    public string Kind(string typeName) => _types[typeName]["kind"]!.GetValue<string>();

    private bool References(GqlValue value, IReadOnlySet<string> names, HashSet<string> seen)
    {
        var named = value.Type.Named;
        if (named.Name == "ID" || (names.Contains(value.Name) && named.Name == "String"))
        {
            return true;
        }

        return named.Kind == "INPUT_OBJECT" && seen.Add(named.Name!) && Values(_types[named.Name!]["inputFields"]).Any(f => References(f, names, seen));
    }

    private string Placeholder(GqlTypeRef type) => type.Kind switch
    {
        "NON_NULL" => Placeholder(type.OfType!),
        "LIST" => $"[{Placeholder(type.OfType!)}]",
        "ENUM" => _types[type.Name!]["enumValues"]![0]!["name"]!.GetValue<string>(),
        "INPUT_OBJECT" => "{" + string.Join(", ", Values(_types[type.Name!]["inputFields"]).Where(f => f.Type.IsNonNull).Select(f => $"{f.Name}: {Placeholder(f.Type)}")) + "}",
        _ => type.Name switch
        {
            "Int" or "Long" or "Float" or "Decimal" => "1",
            "Boolean" => "false",
            "DateTime" => "\"2026-01-01T00:00:00Z\"",
            "DateOnly" => "\"2000-01-01\"",
            "JSON" => "{}",
            _ => "\"probe_x\"",
        },
    };

    private static List<GqlValue> Values(JsonNode? list) =>
        list?.AsArray().Select(a => new GqlValue(a!["name"]!.GetValue<string>(), GqlTypeRef.From(a["type"]!))).ToList() ?? [];

    /// <summary>A GraphQL string literal.</summary>
    public static string Literal(string text) => System.Text.Json.JsonSerializer.Serialize(text);

    public static string Literal(int number) => number.ToString(CultureInfo.InvariantCulture);
}
