using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using GraphQL.Types;
using GraphQLParser.AST;

namespace TagApi.Api.GraphQL;

/// <summary>Free JSON (custom attributes, query ASTs), written and read as plain JSON values.</summary>
public sealed class JsonGraphType : ScalarGraphType
{
    public JsonGraphType()
    {
        Name = "JSON";
        Description = "Any JSON value: an object, array, string, number, boolean or null.";
    }

    public override object? Serialize(object? value) => value;

    public override object? ParseValue(object? value) => value switch
    {
        null => null,
        JsonNode node => node,
        JsonElement element => JsonNode.Parse(element.GetRawText()),
        _ => JsonSerializer.SerializeToNode(value),
    };

    public override object? ParseLiteral(GraphQLValue value) => value switch
    {
        GraphQLNullValue => null,
        GraphQLBooleanValue b => JsonValue.Create(b.BoolValue),
        GraphQLIntValue i => JsonValue.Create(decimal.Parse(i.Value.Span, CultureInfo.InvariantCulture)),
        GraphQLFloatValue f => JsonValue.Create(decimal.Parse(f.Value.Span, NumberStyles.Float, CultureInfo.InvariantCulture)),
        GraphQLStringValue s => JsonValue.Create(s.Value.ToString()),
        GraphQLEnumValue e => JsonValue.Create(e.Name.StringValue),
        GraphQLListValue l => new JsonArray((l.Values ?? []).Select(v => (JsonNode?)ParseLiteral(v)).ToArray()),
        GraphQLObjectValue o => new JsonObject((o.Fields ?? []).Select(f => KeyValuePair.Create(f.Name.StringValue, (JsonNode?)ParseLiteral(f.Value)))),
        _ => ThrowLiteralConversionError(value),
    };

    public override bool CanParseLiteral(GraphQLValue value) => value is not GraphQLVariable;
}
