using System.Text.Json;

namespace TagApi.Client.Webhooks;

/// <summary>Reads a (verified) body into its typed event, tolerating members and event types it does not know.</summary>
internal static class WebhookEventParser
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static WebhookEvent Parse(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            var type = root.GetProperty("type").GetString() ?? throw new WebhookVerificationException("The body has no event type.");
            var data = root.GetProperty("data").Clone();
            var envelope = (Id: root.GetProperty("id").GetString()!, Type: type, OccurredAt: root.GetProperty("occurredAt").GetDateTimeOffset(), Data: data);
            var dataType = WebhookEventTypes.DataTypeOf(type);
            return dataType == typeof(TagChangedData) ? Typed<TagChangedData>(envelope)
                : dataType == typeof(CustomerChangedData) ? Typed<CustomerChangedData>(envelope)
                : dataType == typeof(CustomerTagsChangedData) ? Typed<CustomerTagsChangedData>(envelope)
                : dataType == typeof(SegmentMembershipData) ? Typed<SegmentMembershipData>(envelope)
                : dataType == typeof(RuleRunCompletedData) ? Typed<RuleRunCompletedData>(envelope)
                : dataType == typeof(WebhookEndpointDisabledData) ? Typed<WebhookEndpointDisabledData>(envelope)
                : dataType == typeof(WebhookEndpointTestData) ? Typed<WebhookEndpointTestData>(envelope)
                : Typed<JsonElement>(envelope);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new WebhookVerificationException("The signature is valid but the body is not a TagApi event: " + e.Message, e);
        }
    }

    private static WebhookEvent<T> Typed<T>((string Id, string Type, DateTimeOffset OccurredAt, JsonElement Data) envelope) => new()
    {
        Id = envelope.Id,
        Type = envelope.Type,
        OccurredAt = envelope.OccurredAt,
        RawData = envelope.Data,
        Data = envelope.Data.Deserialize<T>(Json) ?? throw new JsonException("data is null"),
    };
}
