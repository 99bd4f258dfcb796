using System.Net;
using TagApi.Api.Tests.Infrastructure;

namespace TagApi.Api.Tests.Security;

/// <summary>
/// One of each resource a tenant can own (two where lists need a second page), with a marker in every
/// display name so that a leak of this tenant's data into another's response is easy to spot.
/// Keys carry the tenant's prefix, so a key of one tenant never names a resource of the other.
/// </summary>
public sealed record SeededTenant(
    string Prefix, string Marker, string ClientId, string CategoryId, string CategoryKey, string TagId, string TagKey, string Tag2Key,
    string ProbeTagKey, string FreeTagKey, string CustomerId, string CustomerExternalId, string Customer2Id, string SegmentId, string SegmentKey,
    string RuleId, string RuleKey, string EndpointId, string EventId, string JobId)
{
    /// <summary>A tenant with nothing in it, for listing which recipes exist.</summary>
    public static SeededTenant Empty { get; } = new("", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "");

    /// <summary>The resource a path parameter names, by the collection path before it (the recipe of every id parameter).</summary>
    public static IReadOnlyDictionary<string, Func<SeededTenant, (string Id, string? Key)>> ByCollection { get; } =
        new Dictionary<string, Func<SeededTenant, (string, string?)>>(StringComparer.Ordinal)
        {
            ["/v1/analytics/segments"] = t => (t.SegmentId, t.SegmentKey),
            ["/v1/analytics/tags"] = t => (t.TagId, t.TagKey),
            ["/v1/api-clients"] = t => (t.ClientId, null),
            ["/v1/bulk-jobs"] = t => (t.JobId, null),
            ["/v1/customers"] = t => (t.CustomerId, null),
            ["/v1/customers/by-external-id"] = t => (t.CustomerExternalId, null),
            ["/v1/rules"] = t => (t.RuleId, t.RuleKey),
            ["/v1/segments"] = t => (t.SegmentId, t.SegmentKey),
            ["/v1/tag-categories"] = t => (t.CategoryId, t.CategoryKey),
            ["/v1/tags"] = t => (t.TagId, t.TagKey),
            ["/v1/webhook-endpoints"] = t => (t.EndpointId, null),
        };

    /// <summary>Every id and key of the tenant, for checking that none of them shows up in another tenant's answers.</summary>
    public IEnumerable<string> Secrets => [Marker, ClientId, CategoryId, TagId, CustomerId, Customer2Id, SegmentId, RuleId, EndpointId, JobId];

    /// <summary>Creates the resources through the API, as the tenant's own all-scope client.</summary>
    public static async Task<SeededTenant> SeedAsync(TenantSession api, string prefix)
    {
        var marker = $"{prefix.ToUpperInvariant()}-SECRET-{Guid.NewGuid():N}"[..24];
        var second = await api.WithClientAsync(TagApi.Core.Tenancy.Scopes.TagsRead);
        var category = await api.PostAsync("/v1/tag-categories", new { key = $"{prefix}_cat", name = $"{marker} category" }, HttpStatusCode.Created);
        var tag = await api.PostAsync("/v1/tags", new { key = $"{prefix}_tag", name = $"{marker} tag", category = $"{prefix}_cat" }, HttpStatusCode.Created);
        await api.PostAsync("/v1/tags", new { key = $"{prefix}_tag2", name = $"{marker} tag 2" }, HttpStatusCode.Created);
        await api.PostAsync("/v1/tags", new { key = $"{prefix}_probe_tag", name = $"{marker} probe tag" }, HttpStatusCode.Created);
        await api.PostAsync("/v1/tags", new { key = $"{prefix}_free_tag", name = $"{marker} free tag" }, HttpStatusCode.Created);
        await api.PostAsync("/v1/tags", new { key = $"{prefix}_rule_tag", name = $"{marker} rule tag" }, HttpStatusCode.Created);
        await api.PostAsync("/v1/tags", new { key = $"{prefix}_rule_tag2", name = $"{marker} rule tag 2" }, HttpStatusCode.Created);
        var customer = await api.UpsertCustomerAsync($"{prefix}-c1", new { name = $"{marker} one", email = $"{prefix}1@example.com", birthDate = "1985-03-01", city = "Shanghai" });
        var customer2 = await api.UpsertCustomerAsync($"{prefix}-c2", new { name = $"{marker} two", email = $"{prefix}2@example.com", city = "Beijing" });
        foreach (var id in new[] { customer.Str("id"), customer2.Str("id") })
        {
            await api.ChangeTagsAsync(id, add: [$"{prefix}_tag", $"{prefix}_tag2"]);
        }

        var segment = await api.PostAsync("/v1/segments", new { key = $"{prefix}_seg", name = $"{marker} segment", query = $"tag = '{prefix}_tag'" }, HttpStatusCode.Created);
        await api.PostAsync("/v1/segments", new { key = $"{prefix}_seg2", name = $"{marker} segment 2", query = "true" }, HttpStatusCode.Created);

        // Disabled, so that the scheduler leaves them alone; two manual runs give the run history a second page.
        var rule = await api.PostAsync("/v1/rules", new { key = $"{prefix}_rule", name = $"{marker} rule", tag = $"{prefix}_rule_tag", condition = "city = 'Shanghai'", enabled = false }, HttpStatusCode.Created);
        await api.PostAsync("/v1/rules", new { key = $"{prefix}_rule2", name = $"{marker} rule 2", tag = $"{prefix}_rule_tag2", condition = "city = 'Nowhere'", enabled = false }, HttpStatusCode.Created);
        await api.PostAsync($"/v1/rules/{rule.Str("id")}/run", null);
        await api.PostAsync($"/v1/rules/{rule.Str("id")}/run", null);

        // Subscribed to an event nothing here causes, so no delivery ever changes the endpoints.
        var endpoint = await api.PostAsync("/v1/webhook-endpoints", new { url = "http://127.0.0.1:9/hook", description = $"{marker} hook", eventTypes = new[] { "webhook_endpoint.disabled" } }, HttpStatusCode.Created);
        await api.PostAsync("/v1/webhook-endpoints", new { url = "http://127.0.0.1:9/hook2", eventTypes = new[] { "webhook_endpoint.disabled" } }, HttpStatusCode.Created);
        var events = await api.GetAsync("/v1/events?limit=1");
        var job = await BulkJobs.BulkJobClient.FinishedAsync(api, await BulkJobs.BulkJobClient.StartAsync(api, new { kind = "customers.export" }));

        return new SeededTenant(
            prefix, marker, second.ClientId, category.Str("id"), $"{prefix}_cat", tag.Str("id"), $"{prefix}_tag", $"{prefix}_tag2", $"{prefix}_probe_tag", $"{prefix}_free_tag",
            customer.Str("id"), $"{prefix}-c1", customer2.Str("id"), segment.Str("id"), $"{prefix}_seg", rule.Str("id"), $"{prefix}_rule",
            endpoint["endpoint"]!.Str("id"), events["data"]![0]!.Str("id"), job.Str("id"));
    }
}
