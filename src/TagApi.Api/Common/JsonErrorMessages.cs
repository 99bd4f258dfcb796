using System.Text.Json;
using System.Text.RegularExpressions;

namespace TagApi.Api.Common;

/// <summary>
/// Rewrites System.Text.Json's messages into the API's words: which member is wrong and what was
/// expected, without .NET type names.
/// </summary>
internal static partial class JsonErrorMessages
{
    [GeneratedRegex("The JSON property '(?<name>[^']+)' could not be mapped", RegexOptions.CultureInvariant)]
    private static partial Regex UnknownMember();

    [GeneratedRegex("Duplicate property '(?<name>[^']+)'", RegexOptions.CultureInvariant)]
    private static partial Regex DuplicateMember();

    [GeneratedRegex("missing required properties including: (?<names>.+?)\\.?$", RegexOptions.CultureInvariant)]
    private static partial Regex MissingMembers();

    [GeneratedRegex("could not be converted to (?<type>[^.]+(\\.[^.\\s]+)*)", RegexOptions.CultureInvariant)]
    private static partial Regex WrongType();

    [GeneratedRegex("parameter \"(?<type>[^\" ]+) (?<name>[^\"]+)\"", RegexOptions.CultureInvariant)]
    private static partial Regex BindingParameter();

    /// <summary>Whether the message is one of minimal APIs' parameter binding failures (rather than Kestrel failing to read the request).</summary>
    public static bool IsBindingFailure(string message) => IsMissingBody(message) || BindingParameter().IsMatch(message);

    private static bool IsMissingBody(string message) =>
        message.Contains("no body was provided", StringComparison.Ordinal) || message.Contains("body was empty", StringComparison.OrdinalIgnoreCase);

    /// <summary>The field and message for a request that failed to bind outside the JSON body (query, route, missing body).</summary>
    public static (string Field, string Message) DescribeBinding(string message)
    {
        if (IsMissingBody(message))
        {
            return ("$", "A JSON body is required.");
        }

        return BindingParameter().Match(message) is { Success: true } parameter
            ? (parameter.Groups["name"].Value, $"Expected {Friendly(parameter.Groups["type"].Value.TrimEnd('?'))}.")
            : ("$", "The request could not be read.");
    }

    /// <summary>The field (a dotted path without the leading <c>$</c>) and the message for one JSON error.</summary>
    public static (string Field, string Message) Describe(JsonException exception)
    {
        var field = FieldOf(exception.Path);
        var message = exception.Message;
        if (UnknownMember().Match(message) is { Success: true } unknown)
        {
            var name = unknown.Groups["name"].Value;
            var member = field == "$" ? name : field.EndsWith(name, StringComparison.Ordinal) ? field : $"{field}.{name}";
            return (member, $"'{name}' is not a member of this request.");
        }

        if (DuplicateMember().Match(message) is { Success: true } duplicate)
        {
            var name = duplicate.Groups["name"].Value;
            var member = field == "$" ? name : field.EndsWith(name, StringComparison.Ordinal) ? field : $"{field}.{name}";
            return (member, $"'{name.Split('.')[^1]}' appears more than once; give each member once.");
        }

        if (message.StartsWith("Duplicate properties not allowed", StringComparison.Ordinal))
        {
            return (field, $"'{field.Split('.')[^1]}' appears more than once; give each member once.");
        }

        if (MissingMembers().Match(message) is { Success: true } missing)
        {
            return (field, $"Required member(s) missing: {missing.Groups["names"].Value}.");
        }

        if (WrongType().Match(message) is { Success: true } wrong)
        {
            return (field, $"Expected {Friendly(wrong.Groups["type"].Value)}.");
        }

        if (message.StartsWith("Expected ", StringComparison.Ordinal) || message.StartsWith("A value is required", StringComparison.Ordinal))
        {
            // Our own converters already speak the API's words.
            return (field, message.Split(" Path:", 2)[0]);
        }

        if (message.Contains("null", StringComparison.OrdinalIgnoreCase) && message.Contains("non-nullable", StringComparison.OrdinalIgnoreCase))
        {
            return (field, "A value is required; null is not allowed here.");
        }

        return (field, "The body is not valid JSON for this request.");
    }

    private static string FieldOf(string? path) => string.IsNullOrEmpty(path) || path == "$" ? "$" : path.TrimStart('$', '.');

    private static string Friendly(string type)
    {
        var name = type.Split('.')[^1].TrimEnd(']', '[', '`', '1');
        if (type.Contains("Nullable", StringComparison.Ordinal) && type.Contains('[', StringComparison.Ordinal))
        {
            name = type[(type.LastIndexOf('[') + 1)..].Split('.')[^1].TrimEnd(']');
        }

        return name switch
        {
            "String" => "a string",
            "Int32" or "Int64" or "Int16" => "an integer",
            "Decimal" or "Double" or "Single" => "a number",
            "Boolean" => "true or false",
            "DateTime" or "DateTimeOffset" => "a date-time in ISO 8601 form, e.g. 2026-01-31T12:00:00Z",
            "DateOnly" => "a date as YYYY-MM-DD",
            "JsonObject" => "a JSON object",
            _ when name.StartsWith("IReadOnlyList", StringComparison.Ordinal) || name.StartsWith("List", StringComparison.Ordinal) => "an array",
            _ => EnumValues(name) ?? "a value of another type",
        };
    }

    private static string? EnumValues(string typeName)
    {
        var type = typeof(TagApi.Core.Common.PublicId).Assembly.GetTypes().FirstOrDefault(t => t.IsEnum && t.Name == typeName);
        return type is null ? null : "one of " + string.Join(", ", Enum.GetNames(type).Select(n => $"'{JsonNamingPolicy.CamelCase.ConvertName(n)}'"));
    }
}
