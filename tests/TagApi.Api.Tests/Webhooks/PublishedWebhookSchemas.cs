using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using TagApi.Api.Tests.Infrastructure;

namespace TagApi.Api.Tests.Webhooks;

/// <summary>
/// The committed webhook schemas, read once per test run, each also in a strict variant that refuses members the schema
/// does not name (the published one tolerates them, as receivers should), so a test sees every delivered member documented.
/// </summary>
public static class PublishedWebhookSchemas
{
    public const string Folder = "api-specs/webhooks";
    public const string Extension = ".schema.json";

    private static readonly Lazy<Dictionary<string, (JsonSchema Published, JsonSchema Strict)>> Schemas = new(Load);

    /// <summary>Why the body does not match its event type's schema (published and strict), or an empty list.</summary>
    public static IReadOnlyList<string> Problems(string body)
    {
        using var document = JsonDocument.Parse(body);
        var type = document.RootElement.TryGetProperty("type", out var t) ? t.GetString() : null;
        if (type is null || !Schemas.Value.TryGetValue(type, out var schemas))
        {
            return [$"no published schema for event type '{type}'"];
        }

        var options = new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true };
        return [.. new[] { ("published", schemas.Published), ("strict", schemas.Strict) }
            .Select(s => (s.Item1, Result: s.Item2.Evaluate(document.RootElement, options)))
            .Where(s => !s.Result.IsValid)
            .SelectMany(s => (s.Result.Details ?? []).Where(d => d.Errors is not null)
                .SelectMany(d => d.Errors!.Select(e => $"{type} ({s.Item1}) at '{d.InstanceLocation}': {e.Value}")))];
    }

    private static Dictionary<string, (JsonSchema, JsonSchema)> Load()
    {
        var schemas = new Dictionary<string, (JsonSchema, JsonSchema)>(StringComparer.Ordinal);
        foreach (var path in Directory.GetFiles(RepositoryFiles.PathOf(Folder), "*" + Extension))
        {
            var type = Path.GetFileName(path)[..^Extension.Length];
            var text = File.ReadAllText(path);
            var strict = JsonNode.Parse(text)!;
            Close(strict);
            schemas[type] = (
                JsonSchema.FromText(text, new BuildOptions(), new Uri($"https://schemas.tagapi.invalid/webhooks/{type}{Extension}")),
                JsonSchema.FromText(strict.ToJsonString(), new BuildOptions(), new Uri($"https://schemas.tagapi.invalid/webhooks/strict/{type}{Extension}")));
        }

        return schemas;
    }

    private static void Close(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject schema:
                if (schema["properties"] is JsonObject)
                {
                    schema["additionalProperties"] = false;
                }

                foreach (var (_, child) in schema.ToList())
                {
                    Close(child);
                }

                break;
            case JsonArray items:
                foreach (var item in items)
                {
                    Close(item);
                }

                break;
        }
    }
}
