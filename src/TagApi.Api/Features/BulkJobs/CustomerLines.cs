using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TagApi.Api.Common;
using TagApi.Core.BulkJobs;
using TagApi.Core.Common;
using TagApi.Core.Customers;

namespace TagApi.Api.Features.BulkJobs;

/// <summary>
/// Binds a plainly well-formed <c>customers.import</c> line to the <see cref="CustomerInput"/> the API's JSON settings
/// bind from the same body, in one pass of a reader, without the serializer's general machinery (most of the cost of
/// binding a line, and binding a large part of a chunk's work). Plainly well formed: one object of members named exactly
/// as the contract spells them, each once, with a value of the JSON type it takes (or null). Anything else — a name in another case, an unknown or
/// repeated member, a number for a text, an enum name or a date the contract does not spell, a line that is not JSON —
/// is left to the serializer (null here), so its result or its error is exactly that of the REST body.
/// </summary>
internal static class CustomerLines
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // The serializer's reader settings under the API's options (JsonSetup): no comments, no trailing commas.
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 128 };

    /// <summary>The line's input, or null when the serializer must bind it (and report it, if it is bad).</summary>
    public static CustomerInput? TryBind(BulkJob job, BulkLine line)
    {
        if (line.Text.Length > BulkJobLimits.MaxLineBytes)
        {
            return null;
        }

        byte[]? buffer = null;
        try
        {
            var json = BulkLines.ToJson(job, line.Text);
            buffer = ArrayPool<byte>.Shared.Rent(StrictUtf8.GetMaxByteCount(json.Length));
            var length = StrictUtf8.GetBytes(json, buffer);
            return Read(buffer.AsSpan(0, length));
        }
        // Not JSON, a bad CSV row, text that is not UTF-16 or escapes that are not (GetString's InvalidOperationException).
        catch (Exception e) when (e is JsonException or FormatException or EncoderFallbackException or InvalidOperationException)
        {
            return null;
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    private static CustomerInput? Read(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, ReaderOptions);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        Optional<string> externalId = default;
        Optional<CustomerType?> type = default;
        Optional<string?> name = default, email = default, phone = default, gender = default, country = default, region = default, city = default,
            industry = default, sourceDetail = default, locale = default;
        Optional<DateOnly?> birthDate = default;
        Optional<CustomerSource?> source = default;
        Optional<JsonObject?> attributes = default;
        var seen = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var member = MemberOf(ref reader);
            if (member < 0 || (seen & (1 << member)) != 0 || !reader.Read())
            {
                return null;
            }

            seen |= 1 << member;
            var read = member switch
            {
                0 => Identifier(ref reader, out externalId),
                1 => Named(ref reader, "individual"u8, CustomerType.Individual, "company"u8, CustomerType.Company, out type),
                2 => Text(ref reader, out name),
                3 => Text(ref reader, out email),
                4 => Text(ref reader, out phone),
                5 => Text(ref reader, out gender),
                6 => Date(ref reader, out birthDate),
                7 => Text(ref reader, out country),
                8 => Text(ref reader, out region),
                9 => Text(ref reader, out city),
                10 => Text(ref reader, out industry),
                11 => Named(ref reader, "online"u8, CustomerSource.Online, "offline"u8, CustomerSource.Offline, out source),
                12 => Text(ref reader, out sourceDetail),
                13 => Text(ref reader, out locale),
                _ => Object(ref reader, out attributes),
            };
            if (!read)
            {
                return null;
            }
        }

        // The object must close the line: anything after it is the serializer's error to report.
        if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
        {
            return null;
        }

        return new CustomerInput
        {
            ExternalId = externalId, Type = type, Name = name, Email = email, Phone = phone, Gender = gender, BirthDate = birthDate, Country = country,
            Region = region, City = city, Industry = industry, Source = source, SourceDetail = sourceDetail, Locale = locale, Attributes = attributes,
        };
    }

    // The member's place in the switch above, by its exact (camelCase) name; -1 for any other spelling.
    private static int MemberOf(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("externalId"u8) ? 0 : reader.ValueTextEquals("type"u8) ? 1 : reader.ValueTextEquals("name"u8) ? 2
        : reader.ValueTextEquals("email"u8) ? 3 : reader.ValueTextEquals("phone"u8) ? 4 : reader.ValueTextEquals("gender"u8) ? 5
        : reader.ValueTextEquals("birthDate"u8) ? 6 : reader.ValueTextEquals("country"u8) ? 7 : reader.ValueTextEquals("region"u8) ? 8
        : reader.ValueTextEquals("city"u8) ? 9 : reader.ValueTextEquals("industry"u8) ? 10 : reader.ValueTextEquals("source"u8) ? 11
        : reader.ValueTextEquals("sourceDetail"u8) ? 12 : reader.ValueTextEquals("locale"u8) ? 13 : reader.ValueTextEquals("attributes"u8) ? 14 : -1;

    // A present null is set to null, as the Optional converter sets it for every member of this contract.
    private static bool Text(ref Utf8JsonReader reader, out Optional<string?> value)
    {
        value = reader.TokenType switch
        {
            JsonTokenType.Null => new Optional<string?>(null),
            JsonTokenType.String => new Optional<string?>(reader.GetString()),
            _ => default,
        };
        return value.IsSet;
    }

    private static bool Identifier(ref Utf8JsonReader reader, out Optional<string> value)
    {
        var read = Text(ref reader, out Optional<string?> text);
        value = read ? new Optional<string>(text.Value!) : default;
        return read;
    }

    private static bool Named<T>(ref Utf8JsonReader reader, ReadOnlySpan<byte> first, T firstValue, ReadOnlySpan<byte> second, T secondValue, out Optional<T?> value)
        where T : struct, System.Enum
    {
        value = reader.TokenType switch
        {
            JsonTokenType.Null => new Optional<T?>(null),
            JsonTokenType.String when reader.ValueTextEquals(first) => new Optional<T?>(firstValue),
            JsonTokenType.String when reader.ValueTextEquals(second) => new Optional<T?>(secondValue),
            _ => default,
        };
        return value.IsSet;
    }

    // Only yyyy-MM-dd, the one form the serializer reads a date in.
    private static bool Date(ref Utf8JsonReader reader, out Optional<DateOnly?> value)
    {
        value = default;
        if (reader.TokenType == JsonTokenType.Null)
        {
            value = new Optional<DateOnly?>(null);
        }
        else if (reader.TokenType == JsonTokenType.String && reader.GetString() is { Length: 10 } text && text[4] == '-' && text[7] == '-'
            && Digits(text.AsSpan(0, 4)) && Digits(text.AsSpan(5, 2)) && Digits(text.AsSpan(8, 2))
            && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            value = new Optional<DateOnly?>(date);
        }

        return value.IsSet;
    }

    private static bool Digits(ReadOnlySpan<char> text) => !text.ContainsAnyExceptInRange('0', '9');

    private static bool Object(ref Utf8JsonReader reader, out Optional<JsonObject?> value)
    {
        value = reader.TokenType switch
        {
            JsonTokenType.Null => new Optional<JsonObject?>(null),
            JsonTokenType.StartObject => new Optional<JsonObject?>(JsonObjectConverter.ReadObject(ref reader)),
            _ => default,
        };
        return value.IsSet;
    }
}
