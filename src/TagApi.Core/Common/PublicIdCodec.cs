using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace TagApi.Core.Common;

/// <summary>
/// Turns internal 64-bit keys into opaque, prefixed public ids (<c>tag_…</c>, <c>cus_…</c>) and back: the key goes
/// through a keyed permutation, then is written in Crockford base32 (13 characters, case-insensitive). The permutation,
/// one per id prefix, is a balanced Feistel network over the two 32-bit halves whose
/// round function is SipHash-2-4 (a keyed pseudo-random function built for short inputs) of the round number, the
/// prefix and the half. Without the key, an id says nothing about its key — neither how many rows came before it nor
/// which id the next row gets — and two deployments with different keys give the same row different ids.
/// </summary>
public sealed class PublicIdCodec
{
    private static ReadOnlySpan<byte> Alphabet => "0123456789ABCDEFGHJKMNPQRSTVWXYZ"u8;

    // Eight rounds: comfortably above the four a Feistel network needs to be a strong pseudo-random permutation.
    private const uint Rounds = 8;

    private readonly ulong _k0;
    private readonly ulong _k1;

    /// <param name="key">At least 128 bits of secret material; only a hash of it is kept.</param>
    public PublicIdCodec(ReadOnlySpan<byte> key)
    {
        if (key.Length < 16)
        {
            throw new ArgumentException("A public id key has at least 128 bits.", nameof(key));
        }

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(key, hash);
        _k0 = BinaryPrimitives.ReadUInt64LittleEndian(hash);
        _k1 = BinaryPrimitives.ReadUInt64LittleEndian(hash[8..]);
        Fingerprint = Convert.ToHexString(hash[16..]);
    }

    /// <summary>Tells keys apart without revealing them (two codecs with one fingerprint encode alike).</summary>
    public string Fingerprint { get; }

    public string Encode(string prefix, long id)
    {
        Span<byte> utf8 = stackalloc byte[prefix.Length + 14];
        return Encoding.ASCII.GetString(utf8[..EncodeUtf8(prefix, id, utf8)]);
    }

    /// <summary>
    /// Writes the id as UTF-8 (it is ASCII) into <paramref name="destination"/>, which has room for
    /// <c>prefix.Length + 14</c> bytes, and returns how many it wrote: an export writes a million of them, so none
    /// becomes a string first.
    /// </summary>
    public int EncodeUtf8(string prefix, long id, Span<byte> destination)
    {
        var x = Permute(prefix, (ulong)id);
        var length = prefix.Length + 14;
        for (var i = 0; i < prefix.Length; i++)
        {
            destination[i] = (byte)prefix[i];
        }

        destination[prefix.Length] = (byte)'_';
        for (var i = length - 1; i > prefix.Length; i--)
        {
            destination[i] = Alphabet[(int)(x & 31)];
            x >>= 5;
        }

        return length;
    }

    /// <summary>Decodes an id of the given kind; false for anything malformed, of another kind, or not a key at all.</summary>
    public bool TryDecode(string prefix, string? text, out long id)
    {
        id = 0;
        if (text is null || text.Length != prefix.Length + 14 || !text.StartsWith(prefix, StringComparison.Ordinal) || text[prefix.Length] != '_')
        {
            return false;
        }

        ulong x = 0;
        for (var i = prefix.Length + 1; i < text.Length; i++)
        {
            var upper = char.ToUpperInvariant(text[i]);
            var digit = upper > 127 ? -1 : Alphabet.IndexOf((byte)upper);
            if (digit < 0 || (i == prefix.Length + 1 && digit > 15))
            {
                return false;
            }

            x = (x << 5) | (uint)digit;
        }

        var value = (long)Unpermute(prefix, x);
        if (value <= 0)
        {
            return false;
        }

        id = value;
        return true;
    }

    private ulong Permute(string prefix, ulong value)
    {
        var tweak = Tweak(prefix);
        var left = (uint)(value >> 32);
        var right = (uint)value;
        for (var round = 0u; round < Rounds; round++)
        {
            (left, right) = (right, left ^ Round(tweak, round, right));
        }

        return ((ulong)left << 32) | right;
    }

    private ulong Unpermute(string prefix, ulong value)
    {
        var tweak = Tweak(prefix);
        var left = (uint)(value >> 32);
        var right = (uint)value;
        for (var round = Rounds; round-- > 0;)
        {
            (left, right) = (right ^ Round(tweak, round, left), left);
        }

        return ((ulong)left << 32) | right;
    }

    // The prefix separates the kinds of id, so tag 1 and customer 1 are unrelated; it is public, so a plain hash will do.
    private static ulong Tweak(string prefix)
    {
        var hash = 0xCBF29CE484222325UL;
        foreach (var c in prefix)
        {
            hash = (hash ^ c) * 0x100000001B3UL;
        }

        return hash;
    }

    // SipHash-2-4 of the 16-byte message (tweak, round ‖ half), truncated to 32 bits.
    private uint Round(ulong tweak, uint round, uint half)
    {
        var v0 = _k0 ^ 0x736F6D6570736575UL;
        var v1 = _k1 ^ 0x646F72616E646F6DUL;
        var v2 = _k0 ^ 0x6C7967656E657261UL;
        var v3 = _k1 ^ 0x7465646279746573UL;
        Absorb(ref v0, ref v1, ref v2, ref v3, tweak);
        Absorb(ref v0, ref v1, ref v2, ref v3, ((ulong)round << 32) | half);
        Absorb(ref v0, ref v1, ref v2, ref v3, 16UL << 56);
        v2 ^= 0xFF;
        for (var i = 0; i < 4; i++)
        {
            SipRound(ref v0, ref v1, ref v2, ref v3);
        }

        return (uint)(v0 ^ v1 ^ v2 ^ v3);
    }

    private static void Absorb(ref ulong v0, ref ulong v1, ref ulong v2, ref ulong v3, ulong m)
    {
        v3 ^= m;
        SipRound(ref v0, ref v1, ref v2, ref v3);
        SipRound(ref v0, ref v1, ref v2, ref v3);
        v0 ^= m;
    }

    private static void SipRound(ref ulong v0, ref ulong v1, ref ulong v2, ref ulong v3)
    {
        v0 += v1;
        v1 = BitOperations.RotateLeft(v1, 13);
        v1 ^= v0;
        v0 = BitOperations.RotateLeft(v0, 32);
        v2 += v3;
        v3 = BitOperations.RotateLeft(v3, 16);
        v3 ^= v2;
        v0 += v3;
        v3 = BitOperations.RotateLeft(v3, 21);
        v3 ^= v0;
        v2 += v1;
        v1 = BitOperations.RotateLeft(v1, 17);
        v1 ^= v2;
        v2 = BitOperations.RotateLeft(v2, 32);
    }
}
