using System.Text.Json;
using System.Text.Json.Serialization;
using TagApi.Core.Common;

namespace TagApi.Api.Common;

/// <summary>
/// Reads <see cref="Optional{T}"/> members: a member that is present (even as <c>null</c>) becomes
/// set; an absent member is never visited, so it stays <see cref="Optional{T}.Unset"/>.
/// </summary>
public sealed class OptionalJsonConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(Optional<>);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(OptionalConverter<>).MakeGenericType(typeToConvert.GetGenericArguments()[0]))!;

    private sealed class OptionalConverter<T> : JsonConverter<Optional<T>>
    {
        // The inner converter, found once: an instance serves one options instance, and a lookup per member read
        // was a visible part of binding a bulk import's lines.
        private JsonConverter<T>? _inner;

        public override bool HandleNull => true;

        // The inner converter is called directly (not through JsonSerializer) so errors keep the member's path.
        public override Optional<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                return default(T) is null ? new Optional<T>(default!) : throw new JsonException("A value is required; null is not allowed here.");
            }

            var converter = _inner ??= (JsonConverter<T>)options.GetConverter(typeof(T));
            return new Optional<T>(converter.Read(ref reader, typeof(T), options)!);
        }

        public override void Write(Utf8JsonWriter writer, Optional<T> value, JsonSerializerOptions options)
        {
            if (value.IsSet)
            {
                JsonSerializer.Serialize(writer, value.Value, options);
            }
            else
            {
                writer.WriteNullValue();
            }
        }
    }
}
