using System.Buffers.Binary;
using System.Security.Cryptography;
using TagApi.Core.Common;

namespace TagApi.Api.Common;

/// <summary>The cursor does not belong to this list or tenant, or was altered.</summary>
public sealed class InvalidCursorException()
    : TagApiException("invalid_cursor", "The cursor is not valid for this list; start again without one.");

/// <summary>
/// Opaque list cursors: the last key seen, bound to the list and the tenant, signed with a server
/// key so a tampered or foreign cursor is refused instead of silently paging somewhere else.
/// </summary>
public sealed class CursorCodec(byte[] key)
{
    private const int MacLength = 12;

    public string Encode(string list, long tenantId, long lastId)
    {
        Span<byte> payload = stackalloc byte[16 + MacLength];
        BinaryPrimitives.WriteInt64BigEndian(payload, tenantId);
        BinaryPrimitives.WriteInt64BigEndian(payload[8..], lastId);
        Sign(list, payload[..16], payload[16..]);
        return Convert.ToBase64String(payload).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    public long Decode(string list, long tenantId, string cursor)
    {
        Span<byte> payload = stackalloc byte[16 + MacLength];
        var text = cursor.Replace('-', '+').Replace('_', '/');
        text += new string('=', (4 - (text.Length % 4)) % 4);
        if (!Convert.TryFromBase64String(text, payload, out var written) || written != payload.Length)
        {
            throw new InvalidCursorException();
        }

        Span<byte> expected = stackalloc byte[MacLength];
        Sign(list, payload[..16], expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, payload[16..])
            || BinaryPrimitives.ReadInt64BigEndian(payload) != tenantId)
        {
            throw new InvalidCursorException();
        }

        return BinaryPrimitives.ReadInt64BigEndian(payload[8..]);
    }

    private void Sign(string list, ReadOnlySpan<byte> data, Span<byte> mac)
    {
        var input = new byte[data.Length + System.Text.Encoding.UTF8.GetByteCount(list)];
        data.CopyTo(input);
        System.Text.Encoding.UTF8.GetBytes(list, input.AsSpan(data.Length));
        Span<byte> full = stackalloc byte[32];
        HMACSHA256.HashData(key, input, full);
        full[..MacLength].CopyTo(mac);
    }
}
