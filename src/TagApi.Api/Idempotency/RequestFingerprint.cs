using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace TagApi.Api.Idempotency;

/// <summary>
/// What makes two requests "the same request" for an idempotency key: the method, the path with its query, and the body
/// — a JSON body in canonical form (members sorted, no insignificant whitespace), so a client that re-serialises its
/// retry still matches; any other body byte for byte. Reads the body into a rewindable buffer the endpoint reads after.
/// </summary>
public static class RequestFingerprint
{
    // Larger JSON bodies are hashed as sent rather than parsed; only imports come near this.
    private const long MaxCanonicalBytes = 8 * 1024 * 1024;

    public static async Task<string> ComputeAsync(HttpRequest request, CancellationToken ct)
    {
        request.EnableBuffering();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{request.Method.ToUpperInvariant()}\n{request.Path}{request.QueryString}\n"));

        var body = request.Body;
        if (IsJson(request.ContentType))
        {
            using var buffer = new MemoryStream();
            await CopyAsync(body, buffer, MaxCanonicalBytes + 1, ct);
            if (buffer.Length <= MaxCanonicalBytes && Canonical(buffer.GetBuffer().AsMemory(0, (int)buffer.Length)) is { } canonical)
            {
                hash.AppendData(canonical);
            }
            else
            {
                body.Position = 0;
                await AppendAsync(hash, body, ct);
            }
        }
        else
        {
            await AppendAsync(hash, body, ct);
        }

        body.Position = 0;
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static bool IsJson(string? contentType) =>
        contentType?.Split(';')[0].Trim() is { } media
        && (media.Equals("application/json", StringComparison.OrdinalIgnoreCase) || media.EndsWith("+json", StringComparison.OrdinalIgnoreCase));

    // Null when the body is not one JSON value; it is then hashed as sent (and the endpoint refuses it anyway).
    private static byte[]? Canonical(ReadOnlyMemory<byte> json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var output = new ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(output))
            {
                Write(writer, document.RootElement);
            }

            return output.WrittenSpan.ToArray();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static void Write(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var member in element.EnumerateObject().OrderBy(m => m.Name, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(member.Name);
                    Write(writer, member.Value);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }

    private static async Task CopyAsync(Stream from, MemoryStream to, long limit, CancellationToken ct)
    {
        var chunk = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            int read;
            while (to.Length < limit && (read = await from.ReadAsync(chunk, ct)) > 0)
            {
                to.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    private static async Task AppendAsync(IncrementalHash hash, Stream from, CancellationToken ct)
    {
        var chunk = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            int read;
            while ((read = await from.ReadAsync(chunk, ct)) > 0)
            {
                hash.AppendData(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }
}
