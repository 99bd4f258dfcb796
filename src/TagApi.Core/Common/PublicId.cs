using System.Diagnostics.CodeAnalysis;

namespace TagApi.Core.Common;

/// <summary>
/// Turns internal 64-bit keys into opaque, prefixed public ids (<c>tag_…</c>, <c>cus_…</c>) and back.
/// The key is run through a keyed bijection so neighbouring rows do not get neighbouring ids,
/// then written in Crockford base32 (13 characters, case-insensitive).
/// </summary>
public static class PublicId
{
    /// <summary>Every public id is a three-letter prefix, '_' and 13 base32 characters.</summary>
    public const int Length = 3 + 1 + 13;

    /// <summary><see cref="Length"/> as a pattern (base32 is read case-insensitively).</summary>
    public const string Pattern = "^[a-z]{3}_[0-9A-Za-z]{13}$";

    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private const ulong Multiplier1 = 0xBF58476D1CE4E5B9UL;
    private const ulong Multiplier2 = 0x94D049BB133111EBUL;
    private static readonly ulong Inverse1 = ModularInverse(Multiplier1);
    private static readonly ulong Inverse2 = ModularInverse(Multiplier2);

    public static string Encode(string prefix, long id)
    {
        var x = Scramble((ulong)id ^ Tweak(prefix));
        Span<char> chars = stackalloc char[13];
        for (var i = 12; i >= 0; i--)
        {
            chars[i] = Alphabet[(int)(x & 31)];
            x >>= 5;
        }

        return string.Concat(prefix, "_", chars);
    }

    /// <summary>Decodes an id of the given kind; false for anything malformed or of another kind.</summary>
    public static bool TryDecode(string prefix, string? text, out long id)
    {
        id = 0;
        if (text is null || text.Length != prefix.Length + 14 || !text.StartsWith(prefix, StringComparison.Ordinal) || text[prefix.Length] != '_')
        {
            return false;
        }

        ulong x = 0;
        for (var i = prefix.Length + 1; i < text.Length; i++)
        {
            var digit = Alphabet.IndexOf(char.ToUpperInvariant(text[i]), StringComparison.Ordinal);
            if (digit < 0 || (i == prefix.Length + 1 && digit > 15))
            {
                return false;
            }

            x = (x << 5) | (uint)digit;
        }

        var value = (long)(Unscramble(x) ^ Tweak(prefix));
        if (value <= 0)
        {
            return false;
        }

        id = value;
        return true;
    }

    /// <summary>True when the text has the shape of an id of this kind (used to tell ids from keys).</summary>
    public static bool LooksLike(string prefix, [NotNullWhen(true)] string? text) =>
        text is not null && text.Length == prefix.Length + 14 && text.StartsWith(prefix + "_", StringComparison.Ordinal);

    // Each step (xor-shift by at least half the width, multiply by an odd constant) is invertible.
    private static ulong Scramble(ulong x)
    {
        x ^= x >> 32;
        x *= Multiplier1;
        x ^= x >> 33;
        x *= Multiplier2;
        x ^= x >> 32;
        return x;
    }

    private static ulong Unscramble(ulong x)
    {
        x ^= x >> 32;
        x *= Inverse2;
        x ^= x >> 33;
        x *= Inverse1;
        x ^= x >> 32;
        return x;
    }

    private static ulong Tweak(string prefix)
    {
        ulong hash = 0xCBF29CE484222325UL;
        foreach (var c in prefix)
        {
            hash = (hash ^ c) * 0x100000001B3UL;
        }

        return hash & 0x7FFFFFFFFFFFFFFFUL;
    }

    private static ulong ModularInverse(ulong a)
    {
        // Newton's iteration doubles the correct low bits each round: 3 → 6 → … → 96 ≥ 64.
        var inverse = a;
        for (var i = 0; i < 5; i++)
        {
            inverse *= 2 - (a * inverse);
        }

        return inverse;
    }
}
