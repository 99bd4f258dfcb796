using System.Reflection;
using System.Runtime.Serialization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace TagApi.Client.Http;

/// <summary>
/// Writes and reads the generated enums by their wire names (<c>[EnumMember(Value = "customer.tags.added")]</c>).
/// System.Text.Json ignores <c>EnumMember</c>, and NSwag puts a string converter only on single enum properties,
/// so without this an <c>EventType</c> list would go out as numbers and come back unreadable.
/// </summary>
internal sealed class WireEnumConverter : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum && typeToConvert.Assembly == typeof(WireEnumConverter).Assembly;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(Converter<>).MakeGenericType(typeToConvert))!;

    private sealed class Converter<T> : JsonConverter<T>
        where T : struct, Enum
    {
        private static readonly Dictionary<T, string> Names = Enum.GetValues<T>().ToDictionary(v => v, WireName);
        private static readonly Dictionary<string, T> Values = Names.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var text = reader.GetString();
            return text is not null && Values.TryGetValue(text, out var value)
                ? value
                : throw new JsonException($"'{text}' is not a {typeof(T).Name} this SDK version knows; a newer TagApi.Client may.");
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
            writer.WriteStringValue(Names.TryGetValue(value, out var name) ? name : value.ToString());

        private static string WireName(T value) =>
            typeof(T).GetField(value.ToString(), BindingFlags.Public | BindingFlags.Static)?.GetCustomAttribute<EnumMemberAttribute>()?.Value ?? value.ToString();
    }
}
