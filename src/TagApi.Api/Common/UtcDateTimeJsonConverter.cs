using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace TagApi.Api.Common;

/// <summary>
/// Reads every time as UTC: an offset is applied, a time without one is taken as UTC. Writes ISO
/// 8601 with a trailing Z. Times never reach the database in a local zone.
/// </summary>
public sealed class UtcDateTimeJsonConverter : JsonConverter<DateTime>
{
    public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String || !reader.TryGetDateTimeOffset(out var value))
        {
            var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            if (text is null || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value))
            {
                throw new JsonException("Expected a date-time in ISO 8601 form, e.g. 2026-01-31T12:00:00Z.");
            }
        }

        return value.UtcDateTime;
    }

    public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options) =>
        writer.WriteStringValue(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
