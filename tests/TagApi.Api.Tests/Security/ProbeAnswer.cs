using System.Net;
using System.Text.Json.Nodes;

namespace TagApi.Api.Tests.Security;

/// <summary>An answer to a probe: status, media type and body (parsed when it is JSON).</summary>
public sealed record ProbeAnswer(string Request, HttpStatusCode Status, string? MediaType, string Text)
{
    public JsonNode? Json { get; } = TryParse(Text);

    public string? Code => Json is JsonObject o && o["code"] is JsonValue v && v.TryGetValue<string>(out var code) ? code : null;

    public bool IsProblem => MediaType == "application/problem+json" && !string.IsNullOrEmpty(Code);

    public override string ToString() => $"{Request} → {(int)Status} {MediaType}: {(Text.Length > 400 ? Text[..400] + "…" : Text)}";

    private static JsonNode? TryParse(string text)
    {
        try
        {
            return text.Length == 0 ? null : JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
