using System.Text.Json.Nodes;

namespace TagApi.Api.Tests.Security;

/// <summary>One operation of the OpenAPI document the server serves.</summary>
/// <param name="Id">Its <c>operationId</c>.</param>
/// <param name="Method">HTTP method, upper case.</param>
/// <param name="Path">Path template, e.g. <c>/v1/tags/{idOrKey}</c>.</param>
/// <param name="Scopes">The OAuth2 scopes its security requirement names; empty for a public operation.</param>
/// <param name="PathParameters">Names of its path parameters, in path order.</param>
/// <param name="QueryParameters">Names of its query parameters.</param>
/// <param name="BodyMediaTypes">Media types of its request body; empty without one.</param>
/// <param name="AnyOfScopes">True when its security requirements are alternatives, one scope each (any will do), rather
/// than one requirement naming every scope it needs.</param>
public sealed record OpenApiOperation(
    string Id, string Method, string Path, IReadOnlyList<string> Scopes, IReadOnlyList<string> PathParameters,
    IReadOnlyList<string> QueryParameters, IReadOnlyList<string> BodyMediaTypes, bool AnyOfScopes = false)
{
    /// <summary>Method and path template, e.g. <c>PATCH /v1/tags/{idOrKey}</c>: what recipes are keyed by (operation ids may be renamed).</summary>
    public string Key => $"{Method} {Path}";

    public bool HasJsonBody => BodyMediaTypes.Contains("application/json");

    public bool IsList => QueryParameters.Contains("cursor", StringComparer.OrdinalIgnoreCase);

    public bool TakesLimit => QueryParameters.Contains("limit", StringComparer.OrdinalIgnoreCase);

    /// <summary>The collection path before the first path parameter (<c>/v1/tags</c> for <c>/v1/tags/{idOrKey}/merge</c>).</summary>
    public string? Collection => PathParameters.Count == 0 ? null : Path[..(Path.IndexOf('{', StringComparison.Ordinal) - 1)];

    /// <summary>The path with every parameter replaced by <paramref name="value"/> (escaped).</summary>
    public string PathWith(string value) =>
        PathParameters.Aggregate(Path, (path, name) => path.Replace("{" + name + "}", Uri.EscapeDataString(value), StringComparison.Ordinal));

    public override string ToString() => $"{Id} ({Method} {Path})";

    /// <summary>Every operation of the document, in document order.</summary>
    public static IReadOnlyList<OpenApiOperation> AllOf(JsonNode document)
    {
        var operations = new List<OpenApiOperation>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, node) in item!.AsObject())
            {
                if (method is not ("get" or "post" or "put" or "patch" or "delete"))
                {
                    continue;
                }

                // Parameters may be shared by the path item, and any of them may be a reference to components.
                var parameters = (item["parameters"]?.AsArray() ?? []).Concat(node!["parameters"]?.AsArray() ?? []).Select(p => Resolve(document, p!)).ToList();
                var scopes = node["security"]?.AsArray().SelectMany(r => r!.AsObject().SelectMany(s => s.Value!.AsArray().Select(x => x!.GetValue<string>())))
                    .Distinct().ToList() ?? [];
                operations.Add(new OpenApiOperation(
                    node["operationId"]?.GetValue<string>() ?? $"{method.ToUpperInvariant()} {path}",
                    method.ToUpperInvariant(), path, scopes,
                    parameters.Where(p => p["in"]!.GetValue<string>() == "path").Select(p => p["name"]!.GetValue<string>()).ToList(),
                    parameters.Where(p => p["in"]!.GetValue<string>() == "query").Select(p => p["name"]!.GetValue<string>()).ToList(),
                    (node["requestBody"] is { } body ? Resolve(document, body)["content"]?.AsObject().Select(c => c.Key).ToList() : null) ?? [],
                    node["security"]?.AsArray().Count > 1));
            }
        }

        return operations;
    }

    // Follows a local reference such as #/components/parameters/If-Match.
    private static JsonNode Resolve(JsonNode document, JsonNode node) =>
        node["$ref"]?.GetValue<string>() is { } reference && reference.StartsWith("#/", StringComparison.Ordinal)
            ? reference[2..].Split('/').Aggregate(document, (at, part) => at[part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)]!)
            : node;
}
