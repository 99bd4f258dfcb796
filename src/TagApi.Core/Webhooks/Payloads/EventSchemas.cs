using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace TagApi.Core.Webhooks.Payloads;

/// <summary>
/// The JSON Schema (draft 2020-12) of each event type's webhook body, <c>{id, type, occurredAt, data}</c>, generated
/// from the typed <c>data</c> records with the serializer settings that write them (<see cref="EventDataJson"/>), and
/// described from their documentation comments. Published in <c>api-specs/webhooks/</c>. Objects do not forbid other
/// members: adding a member is a compatible change, so receivers read tolerantly.
/// </summary>
public static class EventSchemas
{
    private static readonly Dictionary<string, string> Meanings = new(StringComparer.Ordinal)
    {
        [EventTypes.TagCreated] = "A tag was created.",
        [EventTypes.TagUpdated] = "A tag was changed (name, category, parent, archived, …).",
        [EventTypes.TagDeleted] = "A tag was deleted and removed from its holders.",
        [EventTypes.TagMerged] = "A tag was merged into another; its holders now hold the other.",
        [EventTypes.CustomerCreated] = "A customer was created.",
        [EventTypes.CustomerUpdated] = "A customer's fields changed.",
        [EventTypes.CustomerDeleted] = "A customer was deleted.",
        [EventTypes.CustomerTagsAdded] = "Tags were added to a customer (one event per customer and source of the change).",
        [EventTypes.CustomerTagsRemoved] = "Tags were removed from a customer (one event per customer and source of the change).",
        [EventTypes.SegmentEntered] = "A customer entered a segment.",
        [EventTypes.SegmentExited] = "A customer left a segment.",
        [EventTypes.RuleRunCompleted] = "A full run of a tagging rule finished.",
        [EventTypes.BulkJobCompleted] = "A bulk job finished: succeeded, failed or cancelled.",
        [EventTypes.WebhookEndpointDisabled] = "The dispatcher disabled a webhook endpoint (410 Gone, or failing for days).",
        [EventTypes.WebhookEndpointTest] = "The signed test event of POST /v1/webhook-endpoints/{id}/test; sent on request, never stored.",
    };

    // The writer's settings, numbers written as numbers (the web defaults also read them from strings, which is no
    // concern of what is sent), nullability and required constructor parameters as the records declare them.
    private static readonly JsonSerializerOptions Options = new(EventDataJson.Options)
    {
        NumberHandling = JsonNumberHandling.Strict,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    };

    private static readonly JsonSchemaExporterOptions Exporter = new()
    {
        TreatNullObliviousAsNonNullable = true,
        TransformSchemaNode = Describe,
    };

    /// <summary>Every event type a receiver can get, the test ping included.</summary>
    public static IEnumerable<string> Types => EventDataJson.DataTypes.Keys;

    /// <summary>The schema of a webhook body of the event type.</summary>
    public static JsonObject For(string eventType)
    {
        var data = JsonSchemaExporter.GetJsonSchemaAsNode(Options, EventDataJson.DataTypes[eventType], Exporter).AsObject();
        return new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["title"] = eventType,
            ["description"] = $"The body of a `{eventType}` webhook: {Meanings[eventType]}",
            ["type"] = "object",
            ["properties"] = new JsonObject
            {
                ["id"] = new JsonObject
                {
                    ["type"] = "string",
                    ["pattern"] = "^evt_",
                    ["description"] = "The event's id, also sent as the webhook-id header; the same on every retry of the event, so receivers deduplicate by it.",
                },
                ["type"] = new JsonObject { ["const"] = eventType, ["description"] = "The event type." },
                ["occurredAt"] = new JsonObject { ["type"] = "string", ["format"] = "date-time", ["description"] = "When the change happened (UTC)." },
                ["data"] = data,
            },
            ["required"] = new JsonArray("id", "type", "occurredAt", "data"),
        };
    }

    private static JsonNode Describe(JsonSchemaExporterContext context, JsonNode schema)
    {
        var description = context.PropertyInfo is { } property
            ? XmlDocs.Parameter(property.DeclaringType, (property.AttributeProvider as System.Reflection.MemberInfo)?.Name)
            : XmlDocs.Summary(context.TypeInfo.Type);
        if (description is not null && schema is JsonObject node && !node.ContainsKey("description"))
        {
            // Before the other keywords, as a reader expects it.
            var members = node.ToList();
            node.Clear();
            node["description"] = description;
            foreach (var (name, value) in members)
            {
                node[name] = value;
            }
        }

        return schema;
    }
}
