using System.Text.RegularExpressions;

namespace TagApi.Core.Common;

/// <summary>Shared input rules for keys, colours and free text, so every resource validates alike.</summary>
public static partial class InputRules
{
    public const int KeyMaxLength = 64;
    public const int NameMaxLength = 200;
    public const int DescriptionMaxLength = 2000;

    /// <summary>A slug key: lower-case letters, digits, '_' or '-', starting with a letter or digit.</summary>
    public const string KeyPatternText = "^[a-z0-9][a-z0-9_-]{0,63}$";

    /// <summary>A colour written #RRGGBB.</summary>
    public const string ColorPatternText = "^#[0-9A-Fa-f]{6}$";

    public const int ColorLength = 7;

    [GeneratedRegex(KeyPatternText, RegexOptions.CultureInvariant)]
    private static partial Regex KeyPattern();

    [GeneratedRegex(ColorPatternText, RegexOptions.CultureInvariant)]
    private static partial Regex ColorPattern();

    /// <summary>Checks a slug key; adds an error when invalid.</summary>
    public static void CheckKey(ValidationErrors errors, string field, string? key)
    {
        if (string.IsNullOrEmpty(key))
        {
            errors.Add(field, "A key is required.");
        }
        else if (!KeyPattern().IsMatch(key))
        {
            errors.Add(field, "A key is 1–64 characters of lower-case letters, digits, '_' or '-', starting with a letter or digit.");
        }
    }

    public static void CheckColor(ValidationErrors errors, string field, string? color)
    {
        if (color is not null && !ColorPattern().IsMatch(color))
        {
            errors.Add(field, "A colour is written #RRGGBB.");
        }
    }

    public static void CheckText(ValidationErrors errors, string field, string? text, int maxLength, bool required = false)
    {
        if (text is null)
        {
            if (required)
            {
                errors.Add(field, "A value is required.");
            }

            return;
        }

        if (required && string.IsNullOrWhiteSpace(text))
        {
            errors.Add(field, "A value is required.");
        }
        else if (text.Length > maxLength)
        {
            errors.Add(field, $"At most {maxLength} characters are allowed.");
        }
    }

    /// <summary>Checks the optional description and colour every labelled resource (tags, categories) has.</summary>
    public static void CheckLabel(ValidationErrors errors, Optional<string?> description, Optional<string?> color)
    {
        if (description.IsSet)
        {
            CheckText(errors, "description", description.Value, DescriptionMaxLength);
        }

        if (color.IsSet)
        {
            CheckColor(errors, "color", color.Value);
        }
    }

    /// <summary>Colours are stored upper-case so equal colours compare equal.</summary>
    public static string? NormalizeColor(string? color) => color?.ToUpperInvariant();
}
