using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using TagApi.Core.Common;

namespace TagApi.Core.Customers;

/// <summary>Checks customer input so every bad field is reported at once.</summary>
internal static partial class CustomerValidator
{
    [GeneratedRegex(CustomerLimits.EmailPattern, RegexOptions.CultureInvariant)]
    private static partial Regex EmailPattern();

    [GeneratedRegex(CustomerLimits.PhonePattern, RegexOptions.CultureInvariant)]
    private static partial Regex PhonePattern();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex AttributeNamePattern();

    public static void Check(ValidationErrors errors, CustomerInput input, DateOnly today)
    {
        if (input.ExternalId.IsSet)
        {
            var externalId = input.ExternalId.Value;
            InputRules.CheckText(errors, "externalId", externalId, CustomerLimits.ExternalIdMaxLength, required: true);
            if (externalId is not null && externalId.Any(char.IsControl))
            {
                errors.Add("externalId", "An external id cannot contain control characters.");
            }
        }

        Text(errors, "name", input.Name, CustomerLimits.TextMaxLength);
        Text(errors, "gender", input.Gender, CustomerLimits.ShortTextMaxLength);
        Text(errors, "country", input.Country, CustomerLimits.ShortTextMaxLength);
        Text(errors, "region", input.Region, CustomerLimits.TextMaxLength);
        Text(errors, "city", input.City, CustomerLimits.TextMaxLength);
        Text(errors, "industry", input.Industry, CustomerLimits.TextMaxLength);
        Text(errors, "sourceDetail", input.SourceDetail, CustomerLimits.TextMaxLength);
        Text(errors, "locale", input.Locale, CustomerLimits.ShortTextMaxLength);
        if (input.Email is { IsSet: true, Value: { } email } && (email.Length > CustomerLimits.EmailMaxLength || !EmailPattern().IsMatch(email)))
        {
            errors.Add("email", "Not a valid e-mail address.");
        }

        if (input.Phone is { IsSet: true, Value: { } phone } && !PhonePattern().IsMatch(phone))
        {
            errors.Add("phone", "A phone number is digits with optional +, spaces, dots, dashes and parentheses.");
        }

        if (input.BirthDate is { IsSet: true, Value: { } birthDate } && (birthDate > today || birthDate.Year < 1900))
        {
            errors.Add("birthDate", "A birth date lies between 1900-01-01 and today.");
        }

        if (input.Attributes is { IsSet: true, Value: { } attributes })
        {
            CheckAttributes(errors, attributes);
        }
    }

    private static void Text(ValidationErrors errors, string field, Optional<string?> value, int maxLength)
    {
        if (value.IsSet)
        {
            InputRules.CheckText(errors, field, value.Value, maxLength);
        }
    }

    private static void CheckAttributes(ValidationErrors errors, JsonObject attributes)
    {
        foreach (var (name, _) in attributes)
        {
            if (!AttributeNamePattern().IsMatch(name))
            {
                errors.Add($"attributes.{name}", "Attribute names are letters, digits and '_' (at most 64), not starting with a digit, so queries can name them.");
            }
        }

        if (DepthOf(attributes) > CustomerLimits.AttributesMaxDepth)
        {
            errors.Add("attributes", $"Attributes nest at most {CustomerLimits.AttributesMaxDepth} levels deep.");
        }

        if (System.Text.Encoding.UTF8.GetByteCount(attributes.ToJsonString()) > CustomerLimits.AttributesMaxBytes)
        {
            errors.Add("attributes", $"Attributes take at most {CustomerLimits.AttributesMaxBytes / 1024} KB as JSON.");
        }
    }

    private static int DepthOf(JsonNode? node)
    {
        var deepest = 0;
        switch (node)
        {
            case JsonObject o:
                foreach (var (_, value) in o)
                {
                    deepest = Math.Max(deepest, DepthOf(value));
                }

                return 1 + deepest;
            case JsonArray a:
                foreach (var item in a)
                {
                    deepest = Math.Max(deepest, DepthOf(item));
                }

                return 1 + deepest;
            default:
                return 0;
        }
    }

    /// <summary>Applies RFC 7396 merge-patch: null members delete, objects merge recursively, anything else replaces.</summary>
    public static JsonObject MergePatch(JsonObject target, JsonObject patch)
    {
        foreach (var (name, value) in patch)
        {
            if (value is null)
            {
                target.Remove(name);
            }
            else if (value is JsonObject patchObject && target[name] is JsonObject targetObject)
            {
                MergePatch(targetObject, patchObject);
            }
            else
            {
                target[name] = value.DeepClone();
            }
        }

        return target;
    }

    public static JsonObject Parse(string json) => JsonNode.Parse(json) as JsonObject ?? [];

    // One instance: options are cached per instance, so a new one per call built that cache again each time.
    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false };

    public static string Serialize(JsonObject attributes) => attributes.ToJsonString(Compact);

    /// <summary>Whether stored attributes hold the same JSON as <paramref name="attributes"/>; an empty object, what a new customer holds, is known without parsing.</summary>
    public static bool SameAs(string stored, JsonObject attributes) =>
        stored == "{}" ? attributes.Count == 0 : JsonNode.DeepEquals(Parse(stored), attributes);
}
