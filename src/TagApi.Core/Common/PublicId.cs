using System.Diagnostics.CodeAnalysis;

namespace TagApi.Core.Common;

/// <summary>
/// The process's public ids (see <see cref="PublicIdCodec"/>), keyed once when the host starts from the deployment's
/// shared secret material, so every node of a deployment gives a row the same id.
/// </summary>
/// <remarks>
/// Process-wide rather than a service: ids are written by static mappers, GraphQL types, event payloads and workers
/// alike, and one process serves one deployment. Test hosts in one process share one signing key, so they key it alike;
/// a host configured with another key in the same process fails at start instead of minting ids the others misread.
/// </remarks>
public static class PublicId
{
    /// <summary>Every public id is a three-letter prefix, '_' and 13 base32 characters.</summary>
    public const int Length = 3 + 1 + 13;

    /// <summary><see cref="Length"/> as a pattern (base32 is read case-insensitively).</summary>
    public const string Pattern = "^[a-z]{3}_[0-9A-Za-z]{13}$";

    private static readonly Lock Gate = new();
    private static PublicIdCodec? _codec;

    /// <summary>Keys the process's ids; again with the same key is a no-op, with another an error.</summary>
    public static void UseKey(ReadOnlySpan<byte> key)
    {
        var codec = new PublicIdCodec(key);
        lock (Gate)
        {
            if (_codec is { } current && current.Fingerprint != codec.Fingerprint)
            {
                throw new InvalidOperationException(
                    "Public ids are already keyed differently in this process: every host in one process must share its server key.");
            }

            _codec ??= codec;
        }
    }

    public static string Encode(string prefix, long id) => Codec.Encode(prefix, id);

    /// <summary>Writes the id as UTF-8 into <paramref name="destination"/> (room for <see cref="Length"/> bytes); returns the bytes written.</summary>
    public static int EncodeUtf8(string prefix, long id, Span<byte> destination) => Codec.EncodeUtf8(prefix, id, destination);

    /// <summary>Decodes an id of the given kind; false for anything malformed or of another kind.</summary>
    public static bool TryDecode(string prefix, string? text, out long id) => Codec.TryDecode(prefix, text, out id);

    /// <summary>True when the text has the shape of an id of this kind (used to tell ids from keys).</summary>
    public static bool LooksLike(string prefix, [NotNullWhen(true)] string? text) =>
        text is not null && text.Length == prefix.Length + 14 && text.StartsWith(prefix + "_", StringComparison.Ordinal);

    private static PublicIdCodec Codec =>
        Volatile.Read(ref _codec) ?? throw new InvalidOperationException("Public ids are not keyed yet: the host keys them (PublicId.UseKey) when it starts.");
}
