using System.Diagnostics.CodeAnalysis;
using System.Text;
using Microsoft.Extensions.Primitives;
using TagApi.Core.Idempotency;

namespace TagApi.Api.Idempotency;

/// <summary>
/// The <c>Idempotency-Key</c> request header: 1–255 printable ASCII characters, sent bare (<c>abc</c>) or as the IETF
/// draft's Structured Fields string (<c>"abc"</c>, with <c>\"</c> and <c>\\</c> escapes). Both forms name the same key.
/// </summary>
public static class IdempotencyKey
{
    public const string Header = "Idempotency-Key";

    /// <summary>Reads the key; false (a 400) for a missing, empty, repeated, over-long or non-printable one.</summary>
    public static bool TryParse(StringValues values, [NotNullWhen(true)] out string? key)
    {
        key = null;
        if (values.Count != 1 || values[0] is not { } raw)
        {
            return false;
        }

        raw = raw.Trim(' ', '\t');
        var value = raw.StartsWith('"') ? Unquote(raw) : raw;
        if (value is null || value.Length is 0 or > IdempotencyRecord.KeyMaxLength || !value.All(c => c is >= ' ' and <= '~'))
        {
            return false;
        }

        key = value;
        return true;
    }

    // An sf-string: DQUOTE *( unescaped / "\" ( DQUOTE / "\" ) ) DQUOTE, and nothing after it.
    private static string? Unquote(string raw)
    {
        var text = new StringBuilder(raw.Length);
        for (var i = 1; i < raw.Length; i++)
        {
            var c = raw[i];
            if (c == '"')
            {
                return i == raw.Length - 1 ? text.ToString() : null;
            }

            if (c == '\\')
            {
                if (++i == raw.Length || raw[i] is not ('"' or '\\'))
                {
                    return null;
                }

                c = raw[i];
            }

            text.Append(c);
        }

        return null;
    }
}
