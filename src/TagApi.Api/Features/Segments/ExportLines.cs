using System.Buffers;
using System.Text;
using System.Text.Json;
using TagApi.Core.Common;
using TagApi.Core.Customers;

namespace TagApi.Api.Features.Segments;

/// <summary>
/// Encodes exported members as NDJSON or CSV lines straight to UTF-8 into one growing buffer, which the export sends
/// and resets. An export writes a line per member, so nothing on the way is a string of its own: public ids are
/// encoded into the buffer, and values that need no escaping (most e-mails and external ids) are copied as they are.
/// </summary>
internal sealed class ExportLines(bool csv, bool withExternalId, bool withEmail)
{
    private readonly ArrayBufferWriter<byte> _buffer = new(256 * 1024);

    public bool WithExternalId => withExternalId;

    public bool WithEmail => withEmail;

    public int Length => _buffer.WrittenCount;

    public ReadOnlyMemory<byte> Written => _buffer.WrittenMemory;

    public void Reset() => _buffer.ResetWrittenCount();

    public void Header(IEnumerable<string> columns)
    {
        if (csv)
        {
            Ascii(string.Join(',', columns));
            _buffer.Write("\n"u8);
        }
    }

    public void Write(CustomerExportRow row)
    {
        if (csv)
        {
            Csv(row);
        }
        else
        {
            Json(row);
        }
    }

    private void Json(CustomerExportRow row)
    {
        _buffer.Write("{\"id\":\""u8);
        Id(row.Id);
        if (row.ExternalId is not null)
        {
            _buffer.Write("\",\"externalId\":\""u8);
            JsonString(row.ExternalId);
        }

        if (row.Email is not null)
        {
            _buffer.Write("\",\"email\":\""u8);
            JsonString(row.Email);
        }

        _buffer.Write("\"}\n"u8);
    }

    private void Csv(CustomerExportRow row)
    {
        Id(row.Id);
        if (withExternalId)
        {
            _buffer.Write(","u8);
            CsvValue(row.ExternalId);
        }

        if (withEmail)
        {
            _buffer.Write(","u8);
            CsvValue(row.Email);
        }

        _buffer.Write("\n"u8);
    }

    private void Id(long id) => _buffer.Advance(PublicId.EncodeUtf8(IdPrefixes.Customer, id, _buffer.GetSpan(PublicId.Length)));

    // The serializer's own escaping (JsonEncodedText) for anything but the characters it leaves as they are.
    private void JsonString(string value)
    {
        if (ExportText.IsPlain(value))
        {
            Ascii(value);
        }
        else
        {
            _buffer.Write(JsonEncodedText.Encode(value).EncodedUtf8Bytes);
        }
    }

    private void CsvValue(string? value)
    {
        if (value is null)
        {
            return;
        }

        if (value.AsSpan().IndexOfAny("\",\n\r") < 0)
        {
            Utf8(value);
            return;
        }

        _buffer.Write("\""u8);
        Utf8(value.Replace("\"", "\"\"", StringComparison.Ordinal));
        _buffer.Write("\""u8);
    }

    private void Ascii(string text) => _buffer.Advance(Encoding.ASCII.GetBytes(text, _buffer.GetSpan(text.Length)));

    private void Utf8(string text) => _buffer.Advance(Encoding.UTF8.GetBytes(text, _buffer.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length))));
}

/// <summary>Which text an export copies into a JSON string unescaped.</summary>
internal static class ExportText
{
    /// <summary>Characters JSON's default escaping leaves as they are (checked by a test, character by character).</summary>
    internal const string PlainCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.@_-:;!#$%()*,/=?[]^{|}~ ";

    private static readonly SearchValues<char> Plain = SearchValues.Create(PlainCharacters);

    public static bool IsPlain(string value) => !value.AsSpan().ContainsAnyExcept(Plain);
}
