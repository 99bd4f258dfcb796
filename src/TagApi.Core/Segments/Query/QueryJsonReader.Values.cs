using System.Globalization;
using System.Text.Json;

namespace TagApi.Core.Segments.Query;

/// <summary>Operators, numbers and literal values of the JSON form.</summary>
internal sealed partial class QueryJsonReader
{
    private CompareOperator? ReadOperator(JsonElement json, string path)
    {
        if (json.ValueKind == JsonValueKind.String && CompareOperators.TryParse(json.GetString()!, out var op))
        {
            return op;
        }

        Unexpected(path, CompareOperators.All, json);
        return null;
    }

    private decimal? ReadNumber(JsonElement json, string path)
    {
        if (json.ValueKind == JsonValueKind.Number && json.TryGetDecimal(out var number))
        {
            return number;
        }

        Unexpected(path, [Expectation.Number], json);
        return null;
    }

    private JsonElement? Required(JsonElement json, string path, string name)
    {
        if (json.TryGetProperty(name, out var value))
        {
            return value;
        }

        Error(ErrorSite.AtPath(path).Error($"Missing property '{name}'") with { Expected = [name] });
        return null;
    }

    /// <summary>Records <paramref name="violation"/> at <paramref name="path"/> if there is one; passes <paramref name="result"/> on otherwise.</summary>
    private T? Check<T>(RuleViolation? violation, string path, T result)
        where T : class
    {
        if (violation is not { } broken)
        {
            return result;
        }

        Error(ErrorSite.AtPath(path).Error(broken));
        return default;
    }

    // VALUE := number | string | true | false | {"date": "yyyy-MM-dd"} | {"relative": "-30d" | "today"}
    private QueryValue? ReadValue(JsonElement json, string path)
    {
        QueryValue? value = json.ValueKind switch
        {
            JsonValueKind.Number => json.TryGetDecimal(out var number) ? new NumberValue(number) : null,
            JsonValueKind.String => new StringValue(json.GetString()!),
            JsonValueKind.True or JsonValueKind.False => new BooleanValue(json.GetBoolean()),
            JsonValueKind.Object => ReadTimeValue(json, path),
            _ => null,
        };
        if (value is null && json.ValueKind != JsonValueKind.Object)
        {
            Unexpected(path, ["<number>", "<string>", "true", "false", "{\"date\": ...}", "{\"relative\": ...}"], json);
        }

        return value is null ? null : Check(QueryTypeRules.CheckRelative(value), path, value);
    }

    private QueryValue? ReadTimeValue(JsonElement json, string path)
    {
        if (SingleOperation(json, path, ["date", "relative"]) is not { } kind
            || ReadString(json.GetProperty(kind), $"{path}.{kind}") is not { } text)
        {
            return null;
        }

        if (kind == "date")
        {
            return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                ? new DateValue(date)
                : Invalid($"Invalid date '{text}'", "; write a real date as yyyy-MM-dd, e.g. 2026-01-31");
        }

        if (text == "today")
        {
            return new TodayValue();
        }

        return text.Length > 2 && text[0] is '-' or '+' && QueryDuration.TryParse(text[1..], out var offset)
            ? new RelativeTimeValue(text[0] == '-' ? -offset.Amount : offset.Amount, offset.Unit)
            : Invalid($"Invalid relative time '{text}'", "; write a signed duration such as -30d, +7d, -12h, or today");

        QueryValue? Invalid(string problem, string hint)
        {
            Error(ErrorSite.AtPath($"{path}.{kind}").Error(problem, hint));
            return null;
        }
    }
}
