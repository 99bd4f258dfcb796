using System.Text.Json;
using System.Text.Json.Nodes;

namespace TagApi.Api.Common;

/// <summary>
/// Reads free-form JSON objects (customer attributes) with repeated member names refused like everywhere
/// else. JsonObject's own reader throws an <see cref="ArgumentException"/> for a repeated name when
/// duplicates are disallowed, which would surface as a 500; this throws a <see cref="JsonException"/>
/// naming the member instead, so it becomes a 400 <c>validation_failed</c>.
/// </summary>
internal sealed class JsonObjectConverter : System.Text.Json.Serialization.JsonConverter<JsonObject>
{
    public override JsonObject? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("Expected a JSON object.");
        }

        return ReadObject(ref reader);
    }

    /// <summary>The object the reader stands at the start of, read as <see cref="Read"/> reads it.</summary>
    internal static JsonObject ReadObject(ref Utf8JsonReader reader)
    {
        // An element of its own (not from the shared pool), so the object can keep it without a copy.
        var element = JsonElement.ParseValue(ref reader);
        EnsureUniqueNames(element, "");
        return JsonObject.Create(element)!;
    }

    public override void Write(Utf8JsonWriter writer, JsonObject value, JsonSerializerOptions options) => value.WriteTo(writer, options);

    private static void EnsureUniqueNames(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var member in element.EnumerateObject())
                {
                    // The path is spelled only where it is needed: a repeated name, or a member with members of its own.
                    string At() => path.Length == 0 ? member.Name : $"{path}.{member.Name}";
                    if (!seen.Add(member.Name))
                    {
                        throw new JsonException($"Duplicate property '{At()}' encountered during deserialization.");
                    }

                    if (member.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
                    {
                        EnsureUniqueNames(member.Value, At());
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    EnsureUniqueNames(item, path);
                }

                break;
        }
    }
}
