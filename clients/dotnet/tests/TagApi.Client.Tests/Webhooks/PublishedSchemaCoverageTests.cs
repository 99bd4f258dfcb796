using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using TagApi.Client.Tests.Infrastructure;
using TagApi.Client.Webhooks;

namespace TagApi.Client.Tests.Webhooks;

/// <summary>The SDK's typed events against api-specs/webhooks: every published type and member has its typed counterpart.</summary>
public sealed class PublishedSchemaCoverageTests
{
    public static TheoryData<string> Schemas()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Repository.Path("api-specs", "webhooks"), "*.schema.json").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Schemas))]
    public void Each_published_event_type_has_a_typed_data_record_with_the_same_members(string file)
    {
        var schema = JsonNode.Parse(File.ReadAllText(Repository.Path("api-specs", "webhooks", file)))!;
        var type = schema["title"]!.GetValue<string>();

        var dataType = WebhookEventTypes.DataTypeOf(type);

        Assert.NotEqual(typeof(JsonElement), dataType);
        Compare(schema["properties"]!["data"]!, dataType, type + ".data");
    }

    private static void Compare(JsonNode schema, Type record, string path)
    {
        var properties = record.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.Name != "EqualityContract")
            .ToDictionary(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name), StringComparer.Ordinal);
        var published = schema["properties"]!.AsObject();
        var optionalInRecord = record.GetProperties().Where(p => IsNullable(p)).Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name));

        Assert.Empty(published.Select(p => p.Key).Except(properties.Keys).Select(k => $"{path}.{k}"));
        Assert.Empty(properties.Keys.Except(published.Select(p => p.Key)).Except(optionalInRecord).Select(k => $"{path}.{k}"));
        foreach (var (name, member) in published)
        {
            var target = Nullable.GetUnderlyingType(properties[name].PropertyType) ?? properties[name].PropertyType;
            if (IsObject(member!) && target.IsClass && target != typeof(string))
            {
                Compare(member!, target, $"{path}.{name}");
            }
            else if (member!["items"] is { } items && IsObject(items))
            {
                Compare(items, target.GetGenericArguments().Single(), $"{path}.{name}[]");
            }
        }
    }

    private static bool IsObject(JsonNode schema) =>
        schema["type"] is JsonValue value ? value.GetValue<string>() == "object"
        : schema["type"] is JsonArray types && types.Any(t => t!.GetValue<string>() == "object");

    private static bool IsNullable(PropertyInfo property) =>
        Nullable.GetUnderlyingType(property.PropertyType) is not null
        || new NullabilityInfoContext().Create(property).ReadState == NullabilityState.Nullable;
}
