using System.Globalization;
using System.Text.Json;

namespace TagApi.Core.Segments.Query;

/// <summary>Field predicates, aggregates and literal values of the JSON form.</summary>
internal sealed partial class QueryJsonReader
{
    // {"field": FIELD, "op": OP, "value": VALUE} | "between" | "in" | "isNull" | "contains" | "startsWith"
    private QueryNode? ReadField(JsonElement json, string path)
    {
        var operation = SingleOperation(json, path, FieldOperations, ["field", "value"]);
        var field = ReadFieldName(json.GetProperty("field"), path + ".field");
        if (operation is null || field is null)
        {
            return null;
        }

        if (operation != "op" && json.TryGetProperty("value", out _))
        {
            return Error(ErrorSite.AtPath(path + ".value").Error($"Property 'value' belongs with 'op', not with '{operation}'"));
        }

        var (operand, operandPath) = (json.GetProperty(operation), $"{path}.{operation}");
        switch (operation)
        {
            case "op":
                var op = ReadOperator(operand, operandPath);
                var value = Required(json, path, "value") is { } valueJson ? ReadValue(valueJson, path + ".value") : null;
                return op is null || value is null ? null
                    : Check(QueryTypeRules.CheckCompare(field, op.Value, value), path + ".value", new FieldCompare(field, op.Value, value));
            case "between":
                if (operand.ValueKind != JsonValueKind.Array || operand.GetArrayLength() != 2)
                {
                    return Unexpected(operandPath, ["<array of two values>"], operand);
                }

                var bounds = ReadArray(operand, operandPath, "", (item, itemPath) =>
                    ReadValue(item, itemPath) is { } bound ? Check(QueryTypeRules.CheckBetweenBound(field, bound), itemPath, bound) : null);
                return bounds is null ? null
                    : Check(QueryTypeRules.CheckBetweenOrder(bounds[0], bounds[1]), operandPath + "[1]", new FieldBetween(field, bounds[0], bounds[1]));
            case "in":
                var values = ReadArray(operand, operandPath, "<non-empty array of values>", (item, itemPath) =>
                    ReadValue(item, itemPath) is { } v ? Check(QueryTypeRules.CheckValue(field, v), itemPath, v) : null);
                return values is null ? null : new FieldIn(field, values);
            case "isNull":
                return ReadBoolean(operand, operandPath) is { } isNull ? new FieldIsNull(field, !isNull) : null;
            default:
                var text = ReadString(operand, operandPath);
                var name = operation == "contains" ? "CONTAINS" : "STARTS WITH";
                QueryNode? node = operation == "contains" ? new FieldContains(field, text ?? "") : new FieldStartsWith(field, text ?? "");
                return text is null ? null : Check(QueryTypeRules.CheckTextOperator(field, name), operandPath, node);
        }
    }

    private QueryField? ReadFieldName(JsonElement json, string path)
    {
        if (ReadString(json, path) is not { } name)
        {
            return null;
        }

        if (QueryField.TryParse(name, out var field))
        {
            return field;
        }

        var candidates = QueryField.Builtins.Select(f => f.Name).Append("attributes.");
        _errors.Add(ErrorSite.AtPath(path).Unknown("field", name, NameSuggester.Closest(name, candidates)));
        return null;
    }

    // {"count" | "sum" | "daysSince": {...}, "op": OP, "value": NUMBER}
    private QueryNode? ReadAggregate(JsonElement json, string path, string kind)
    {
        var argsPath = $"{path}.{kind}";
        var args = json.GetProperty(kind);
        if (!OnlyProperties(json, path, [kind, "op", "value"]))
        {
            return null;
        }

        if (args.ValueKind != JsonValueKind.Object)
        {
            return Unexpected(argsPath, ["<object>"], args);
        }

        string[] allowed = kind switch { "count" => ["type", "channel", "window"], "sum" => ["type", "window"], _ => ["type"] };
        if (!OnlyProperties(args, argsPath, allowed))
        {
            return null;
        }

        var type = Required(args, argsPath, "type") is { } typeJson ? ReadKey(typeJson, argsPath + ".type", "Activity type") : null;
        var channel = args.TryGetProperty("channel", out var channelJson) ? ReadString(channelJson, argsPath + ".channel") : null;
        var window = kind == "daysSince" ? default(QueryDuration?) : ReadWindow(args, argsPath);
        var op = Required(json, path, "op") is { } opJson ? ReadOperator(opJson, path + ".op") : null;
        var value = Required(json, path, "value") is { } valueJson ? ReadNumber(valueJson, path + ".value") : null;
        if (type is null || op is null || value is null || kind != "daysSince" && window is null
            || channelJson.ValueKind != JsonValueKind.Undefined && channel is null)
        {
            return null;
        }

        ActivityAggregate aggregate = kind switch
        {
            "count" => new CountAggregate(type, channel, window!.Value),
            "sum" => new SumAggregate(type, window!.Value),
            _ => new DaysSinceAggregate(type),
        };
        return new AggregateCompare(aggregate, op.Value, value.Value);
    }

    private QueryDuration? ReadWindow(JsonElement args, string argsPath)
    {
        var path = argsPath + ".window";
        if (Required(args, argsPath, "window") is not { } json || ReadString(json, path) is not { } text)
        {
            return null;
        }

        if (!QueryDuration.TryParse(text, out var window))
        {
            Error(ErrorSite.AtPath(path).Error($"Invalid duration '{text}'", "; write whole days or hours such as 30d or 12h"));
            return null;
        }

        if (QueryTypeRules.CheckWindow(window) is { } problem)
        {
            Error(ErrorSite.AtPath(path).Error(problem));
            return null;
        }

        return window;
    }

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
