using System.Text.Json.Nodes;

namespace TagApi.Core.Segments.Query;

/// <summary>Writes the JSON AST described on <see cref="SegmentQueryJson"/>.</summary>
internal static class QueryJsonWriter
{
    public static JsonNode Write(QueryNode node) => node switch
    {
        TrueNode => JsonValue.Create(true),
        AndNode and => new JsonObject { ["and"] = Array(and.Operands.Select(Write)) },
        OrNode or => new JsonObject { ["or"] = Array(or.Operands.Select(Write)) },
        NotNode not => new JsonObject { ["not"] = Write(not.Operand) },
        TagEquals t => Tag("eq", t.Key),
        TagNotEquals t => Tag("ne", t.Key),
        TagUnder t => Tag("under", t.Key),
        TagIn t => new JsonObject { ["tag"] = new JsonObject { ["in"] = Array(t.Keys.Select(k => (JsonNode)k)) } },
        CategoryEquals c => new JsonObject { ["category"] = new JsonObject { ["key"] = c.CategoryKey, ["eq"] = c.TagKey } },
        CategoryIsNull c => new JsonObject { ["category"] = new JsonObject { ["key"] = c.CategoryKey, ["isNull"] = !c.Negated } },
        SegmentRef s => new JsonObject { ["segment"] = s.Key },
        FieldCompare f => Field(f.Field, "op", f.Operator.ToSymbol(), "value", Value(f.Value)),
        FieldBetween f => Field(f.Field, "between", Array([Value(f.Lower), Value(f.Upper)])),
        FieldIn f => Field(f.Field, "in", Array(f.Values.Select(Value))),
        FieldIsNull f => Field(f.Field, "isNull", !f.Negated),
        FieldContains f => Field(f.Field, "contains", f.Text),
        FieldStartsWith f => Field(f.Field, "startsWith", f.Prefix),
        AggregateCompare a => Aggregate(a),
        _ => throw new ArgumentOutOfRangeException(nameof(node), node.GetType().Name, "Unknown query node."),
    };

    public static JsonNode Value(QueryValue value) => value switch
    {
        NumberValue n => n.Value,
        StringValue s => s.Value,
        BooleanValue b => b.Value,
        DateValue or RelativeTimeValue or TodayValue =>
            new JsonObject { [value is DateValue ? "date" : "relative"] = value.ToString() },
        _ => throw new ArgumentOutOfRangeException(nameof(value), value.GetType().Name, "Unknown query value."),
    };

    private static JsonObject Tag(string op, string key) => new() { ["tag"] = new JsonObject { [op] = key } };

    private static JsonObject Field(QueryField field, string name, JsonNode value, string? name2 = null, JsonNode? value2 = null)
    {
        var json = new JsonObject { ["field"] = field.Name, [name] = value };
        if (name2 is not null)
        {
            json[name2] = value2;
        }

        return json;
    }

    private static JsonObject Aggregate(AggregateCompare compare)
    {
        var (name, args) = compare.Aggregate switch
        {
            CountAggregate c => ("count", new JsonObject { ["type"] = c.ActivityType, ["channel"] = c.Channel, ["window"] = c.Window.ToString() }),
            SumAggregate s => ("sum", new JsonObject { ["type"] = s.ActivityType, ["window"] = s.Window.ToString() }),
            _ => ("daysSince", new JsonObject { ["type"] = compare.Aggregate.ActivityType }),
        };
        if (args["channel"] is null)
        {
            args.Remove("channel");
        }

        return new JsonObject { [name] = args, ["op"] = compare.Operator.ToSymbol(), ["value"] = compare.Value };
    }

    private static JsonArray Array(IEnumerable<JsonNode> items) => new([.. items]);
}
