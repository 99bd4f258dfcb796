using System.Text.Json;
using GraphQL.Types;

namespace TagApi.Api.GraphQL;

/// <summary>
/// A GraphQL enum of a Core enum whose REST spelling differs only in casing: GraphQL names values in
/// CONSTANT_CASE as the specification's convention is, REST writes the camelCase string its JSON options give
/// (<c>ADDED</c> ↔ <c>"added"</c>, a two-word <c>RULE_OWNED</c> would be <c>"ruleOwned"</c>). The type and each value
/// say so, so a client translating between the two transports need not guess.
/// </summary>
public abstract class RestEnumGraphType<TEnum> : EnumerationGraphType<TEnum>
    where TEnum : Enum
{
    protected RestEnumGraphType(string name, string description)
    {
        Name = name;
        Description = description + " GraphQL writes each value in CONSTANT_CASE; REST writes the same value as a camelCase string ("
            + string.Join(", ", Values.Select(v => $"{v.Name} = \"{RestName(v)}\"")) + ").";
        foreach (var value in Values)
        {
            value.Description ??= $"REST: \"{RestName(value)}\".";
        }
    }

    private static string RestName(EnumValueDefinition value) =>
        JsonNamingPolicy.CamelCase.ConvertName(value.Value is TEnum member ? member.ToString() : value.Name);
}
