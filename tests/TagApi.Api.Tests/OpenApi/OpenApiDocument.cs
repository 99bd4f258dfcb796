using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using TagApi.Api.Tests.Infrastructure;

namespace TagApi.Api.Tests.OpenApi;

/// <summary>Reads the served OpenAPI document for tests.</summary>
internal static partial class OpenApiDocument
{
    /// <summary>The document as served to a client of the local development address (as committed).</summary>
    public static async Task<JsonNode> ServedAsync(TagApiFactory factory)
    {
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://localhost:5080") });
        using var response = await client.GetAsync("/openapi/v1.json");
        return await client.ExpectAsync(response, HttpStatusCode.OK);
    }

    public static IEnumerable<(string Path, string Method, JsonNode Operation)> Operations(JsonNode document) =>
        document["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject().Select(o => (p.Key, o.Key, o.Value!)));

    /// <summary>Follows a local <c>$ref</c>, and a nullable wrapper's single <c>oneOf</c> member.</summary>
    public static JsonNode Resolve(JsonNode document, JsonNode node)
    {
        if (node["$ref"]?.GetValue<string>() is { } reference)
        {
            return Resolve(document, reference.TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries).Aggregate(document, (n, part) => n[part]!));
        }

        return node;
    }

    /// <summary>The path with every parameter filled in (limits are checked before anything is looked up).</summary>
    public static string FillPath(string path) => Parameter().Replace(path, "x");

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex Parameter();
}
