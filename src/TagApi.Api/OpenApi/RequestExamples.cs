using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace TagApi.Api.OpenApi;

/// <summary>
/// A valid example body for every operation that takes JSON. Tests send each one to a live server
/// (and build over-long variants from it), so an example that stops being accepted fails the build.
/// </summary>
public static class RequestExamples
{
    public static IReadOnlyDictionary<string, string> ByOperation { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["CreateTagCategory"] = """{"key":"loyalty","name":"Loyalty","description":"Loyalty programme tiers","color":"#228BE6","exclusive":true,"sortOrder":10}""",
        ["UpdateTagCategory"] = """{"name":"Loyalty tiers","description":null}""",
        ["CreateTag"] = """{"key":"high_value","name":"高价值客户","description":"Spent more than 10,000 in a year","color":"#E64980","category":"value"}""",
        ["UpdateTag"] = """{"name":"High value","color":"#D6336C","archived":false}""",
        ["MergeTags"] = """{"into":"vip"}""",
        ["CreateCustomer"] = """{"externalId":"shop-1001","name":"Li Lei","email":"li@example.com","city":"Shanghai","source":"online","attributes":{"vipLevel":3}}""",
        ["UpdateCustomer"] = """{"city":"Beijing","attributes":{"vipLevel":4,"legacyFlag":null}}""",
        ["UpsertCustomer"] = """{"type":"individual","name":"Li Lei","email":"li@example.com","phone":"+86 21 5555 0100","birthDate":"1990-04-01","country":"CN","city":"Shanghai","source":"online","locale":"zh-CN","attributes":{"vipLevel":3,"newsletter":true}}""",
        ["ChangeCustomerTags"] = """{"add":["high_value"],"remove":["churn_risk"]}""",
        ["ApplyTagAssignments"] = """{"add":[{"externalId":"shop-1001","tag":"high_value"},{"externalId":"shop-1002","tag":"newsletter","expiresAt":"2030-01-01T00:00:00Z"}],"remove":[],"source":"import"}""",
        ["RecordActivity"] = """{"externalId":"order-5001","customerExternalId":"shop-1001","type":"purchase","occurredAt":"2026-01-15T10:30:00Z","amount":199.9,"currency":"CNY","channel":"web","properties":{"items":2}}""",
        ["RecordActivities"] = """{"activities":[{"externalId":"order-5001","customerExternalId":"shop-1001","type":"purchase","amount":199.9,"currency":"CNY"},{"customerExternalId":"shop-1001","type":"interaction","channel":"email"}]}""",
        ["CreateRule"] = """{"key":"frequent_buyer","name":"Frequent buyer","tag":"frequent_buyer","condition":"count(purchase, 90d) >= 3","enabled":true,"priority":0,"removeWhenUnmatched":true,"schedule":{"intervalMinutes":15}}""",
        ["UpdateRule"] = """{"name":"Frequent buyer (90 days)","enabled":false}""",
        ["CreateSegment"] = """{"key":"shanghai_vips","name":"Shanghai VIPs","query":"tag = 'high_value' AND city = 'Shanghai'","description":"High-value customers in Shanghai"}""",
        ["UpdateSegment"] = """{"name":"Shanghai VIP customers"}""",
        ["ValidateSegmentQuery"] = """{"query":"tag = 'high_value' AND NOT tag = 'churned'"}""",
        ["QuerySegment"] = """{"query":"tag = 'high_value' AND attributes.vipLevel >= 3","limit":50}""",
        ["CreateWebhookEndpoint"] = """{"url":"https://hooks.example.com/tagapi","description":"CRM sync","eventTypes":["customer.tags.added","customer.tags.removed"]}""",
        ["UpdateWebhookEndpoint"] = """{"enabled":false}""",
        ["ReplayWebhookEvents"] = """{"since":"2026-01-01T00:00:00Z"}""",
        ["StartBulkJob"] = """{"kind":"customers.export","query":"city = 'Shanghai'","format":"csv"}""",
        ["CreateApiClient"] = """{"name":"Shop sync","scopes":["customers:read","customers:write","tags:read"]}""",
    };

    public static void Apply(OpenApiOperation operation)
    {
        if (operation.OperationId is { } id && ByOperation.TryGetValue(id, out var example)
            && operation.RequestBody?.Content?.TryGetValue("application/json", out var media) == true)
        {
            media.Example = JsonNode.Parse(example);
        }
    }
}
