using System.Text.Json;

namespace TagApi.Core.Segments.Query;

/// <summary>The small shape checks every JSON node kind shares.</summary>
internal sealed partial class QueryJsonReader
{
    /// <summary>Records an error and returns null, so readers can end with <c>return Error(...)</c>.</summary>
    private QueryNode? Error(QueryError error)
    {
        _errors.Add(error);
        return null;
    }

    private QueryNode? Unexpected(string path, IReadOnlyList<string> expected, JsonElement found, string? hint = null) =>
        Error(Expectation.Unexpected(ErrorSite.AtPath(path), expected, Describe(found), hint: hint));

    private QueryNode? MissingKind(JsonElement json, string path)
    {
        var unknown = json.EnumerateObject().Select(p => p.Name).FirstOrDefault();
        return unknown is null
            ? Error(ErrorSite.AtPath(path).Error($"An empty object is not a query; expected one of {Names(NodeKinds)}"))
            : Error(ErrorSite.AtPath($"{path}.{unknown}").Unknown("query node", unknown, NameSuggester.Closest(unknown, NodeKinds)));
    }

    /// <summary>Reports the first property of <paramref name="json"/> not in <paramref name="allowed"/>.</summary>
    private bool OnlyProperties(JsonElement json, string path, IReadOnlyList<string> allowed)
    {
        var extra = json.EnumerateObject().Select(p => p.Name).FirstOrDefault(name => !allowed.Contains(name, StringComparer.Ordinal));
        if (extra is null)
        {
            return true;
        }

        _errors.Add(ErrorSite.AtPath($"{path}.{extra}").Unknown("property", extra, NameSuggester.Closest(extra, allowed)));
        return false;
    }

    /// <summary>
    /// The one property of <paramref name="json"/> among <paramref name="operations"/>; other
    /// properties must be in <paramref name="alsoAllowed"/>.
    /// </summary>
    private string? SingleOperation(JsonElement json, string path, string[] operations, string[]? alsoAllowed = null)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            Unexpected(path, ["<object>"], json);
            return null;
        }

        if (!OnlyProperties(json, path, [.. operations, .. alsoAllowed ?? []]))
        {
            return null;
        }

        var present = operations.Where(op => json.TryGetProperty(op, out _)).ToList();
        if (present.Count == 1)
        {
            return present[0];
        }

        Error(ErrorSite.AtPath(path).Error(present.Count == 0
            ? $"Expected one of {Names(operations)}"
            : $"Expected only one of {Names(operations)} but found both '{present[0]}' and '{present[1]}'") with { Expected = operations });
        return null;
    }

    /// <summary>A non-empty key string, lower-cased.</summary>
    private string? ReadKey(JsonElement json, string path, string what)
    {
        if (json.ValueKind != JsonValueKind.String)
        {
            Unexpected(path, [Expectation.String], json);
            return null;
        }

        var key = json.GetString()!;
        if (QueryTypeRules.CheckKey(key, what) is { } problem)
        {
            Error(ErrorSite.AtPath(path).Error(problem));
            return null;
        }

        return key.ToLowerInvariant();
    }

    private string? ReadString(JsonElement json, string path)
    {
        if (json.ValueKind == JsonValueKind.String)
        {
            return json.GetString();
        }

        Unexpected(path, [Expectation.String], json);
        return null;
    }

    private bool? ReadBoolean(JsonElement json, string path)
    {
        if (json.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return json.GetBoolean();
        }

        Unexpected(path, ["true", "false"], json);
        return null;
    }

    /// <summary>A non-empty array whose items all read; null after recording errors otherwise.</summary>
    private List<T>? ReadArray<T>(JsonElement json, string path, string expected, Func<JsonElement, string, T?> item)
        where T : class
    {
        if (json.ValueKind != JsonValueKind.Array || json.GetArrayLength() == 0)
        {
            Unexpected(path, [expected], json);
            return null;
        }

        var items = json.EnumerateArray().Select((element, i) => item(element, $"{path}[{i}]")).ToList();
        return items.Contains(null) ? null : items.ConvertAll(i => i!);
    }

    private static string Names(IEnumerable<string> names) => string.Join(", ", names.Select(n => $"'{n}'"));

    /// <summary>How a JSON value appears in "but found ...".</summary>
    private static string Describe(JsonElement json) => json.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => json.GetArrayLength() switch { 0 => "an empty array", 1 => "an array of 1 item", var n => $"an array of {n} items" },
        JsonValueKind.Undefined => "nothing",
        _ when json.GetRawText() is { Length: > 40 } raw => raw[..37] + "...",
        _ => json.GetRawText(),
    };
}
