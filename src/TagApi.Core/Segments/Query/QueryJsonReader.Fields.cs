using System.Text.Json;

namespace TagApi.Core.Segments.Query;

/// <summary>Field predicates and aggregates of the JSON form.</summary>
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
                if (ReadString(operand, operandPath) is not { } text)
                {
                    return null;
                }

                var contains = operation == "contains";
                QueryNode node = contains ? new FieldContains(field, text) : new FieldStartsWith(field, text);
                return Check(QueryTypeRules.CheckTextOperator(field, contains ? "CONTAINS" : "STARTS WITH"), operandPath, node);
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
}
