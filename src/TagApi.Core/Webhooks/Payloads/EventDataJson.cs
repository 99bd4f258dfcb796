using System.Text.Json;

namespace TagApi.Core.Webhooks.Payloads;

/// <summary>
/// The <c>data</c> object of every event type, as a typed record, and the one way it becomes the stored JSON: web
/// defaults (camelCase members, nulls written). Receivers see these shapes; <see cref="DataTypes"/> is what the
/// published schema of each event type is generated from (<see cref="EventSchemas"/>).
/// </summary>
public static class EventDataJson
{
    /// <summary>The settings every event's <c>data</c> is written with (and its schema generated from).</summary>
    internal static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);

    /// <summary>The record each event type's <c>data</c> is.</summary>
    public static IReadOnlyDictionary<string, Type> DataTypes { get; } = new Dictionary<string, Type>(StringComparer.Ordinal)
    {
        [EventTypes.TagCreated] = typeof(TagEventData),
        [EventTypes.TagUpdated] = typeof(TagEventData),
        [EventTypes.TagDeleted] = typeof(TagEventData),
        [EventTypes.TagMerged] = typeof(TagEventData),
        [EventTypes.CustomerCreated] = typeof(CustomerEventData),
        [EventTypes.CustomerUpdated] = typeof(CustomerEventData),
        [EventTypes.CustomerDeleted] = typeof(CustomerEventData),
        [EventTypes.CustomerTagsAdded] = typeof(CustomerTagsChangedData),
        [EventTypes.CustomerTagsRemoved] = typeof(CustomerTagsChangedData),
        [EventTypes.SegmentEntered] = typeof(SegmentMembershipData),
        [EventTypes.SegmentExited] = typeof(SegmentMembershipData),
        [EventTypes.RuleRunCompleted] = typeof(RuleRunCompletedData),
        [EventTypes.WebhookEndpointDisabled] = typeof(WebhookEndpointDisabledData),
        [EventTypes.BulkJobCompleted] = typeof(BulkJobCompletedData),
        [EventTypes.WebhookEndpointTest] = typeof(WebhookEndpointTestData),
    };

    /// <summary>The event's <c>data</c> as stored and sent.</summary>
    public static string Serialize<TData>(TData data)
        where TData : class => JsonSerializer.Serialize(data, Options);
}
