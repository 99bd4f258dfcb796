using System.Text;
using System.Text.Json;

namespace TagApi.Api.Tests.Security;

/// <summary>
/// A request of tenant B that names one of tenant A's resources somewhere other than its path — in a body,
/// a filter, a query text — aimed at B's own resources otherwise.
/// </summary>
/// <param name="Label">What it tries.</param>
/// <param name="Method">HTTP method.</param>
/// <param name="Url">Path and query.</param>
/// <param name="Body">JSON body, if any.</param>
/// <param name="MayAnswer">The request is legitimate for B's own data (a position in the change log): it may succeed, as long as nothing of A's shows.</param>
public sealed record ReferenceProbe(string Label, string Method, string Url, object? Body = null, bool MayAnswer = false)
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    /// <summary>What the request says (path, query and body), to tell an echo of the caller's own input from a leak.</summary>
    public string Sent => Url + " " + (Body is null ? "" : JsonSerializer.Serialize(Body, Web));

    public HttpRequestMessage Build() => new(new HttpMethod(Method), Url)
    {
        Content = Body is null ? null : new StringContent(JsonSerializer.Serialize(Body, Web), Encoding.UTF8, "application/json"),
    };

    /// <summary>Every way a body or a filter can name another tenant's resource.</summary>
    public static IEnumerable<ReferenceProbe> All(SeededTenant a, SeededTenant b) =>
    [
        new("batch add: A's customer", "POST", "/v1/tag-assignments", new { add = new[] { new { customer = a.CustomerId, tag = b.ProbeTagKey } } }),
        new("batch add: A's tag", "POST", "/v1/tag-assignments", new { add = new[] { new { customer = b.CustomerId, tag = a.TagId } } }),
        new("batch remove: A's customer", "POST", "/v1/tag-assignments", new { remove = new[] { new { customer = a.CustomerId, tag = b.TagKey } } }),
        new("customer tags: A's tag", "POST", $"/v1/customers/{b.CustomerId}/tags", new { add = new[] { a.TagId } }),
        new("customer tags: remove A's tag", "POST", $"/v1/customers/{b.CustomerId}/tags", new { remove = new[] { a.TagId } }),
        new("merge into A's tag", "POST", $"/v1/tags/{b.Tag2Key}/merge", new { into = a.TagId }),
        new("new tag under A's parent", "POST", "/v1/tags", new { key = "probe_child", name = "Probe", parent = a.TagId }),
        new("new tag in A's category", "POST", "/v1/tags", new { key = "probe_cat_tag", name = "Probe", category = a.CategoryId }),
        new("re-parent under A's tag", "PATCH", $"/v1/tags/{b.Tag2Key}", new { parent = a.TagId }),
        new("move to A's category", "PATCH", $"/v1/tags/{b.Tag2Key}", new { category = a.CategoryId }),
        new("activity for A's customer", "POST", "/v1/activities", new { customer = a.CustomerId, type = "visit" }),
        new("rule assigning A's tag", "POST", "/v1/rules", new { key = "probe_steal", name = "Probe", tag = a.TagId, condition = "true", enabled = false }),
        new("rule band with A's tag", "POST", "/v1/rules", new { key = "probe_steal_band", name = "Probe", bands = new[] { new { tag = a.TagId, when = "true" } }, enabled = false }),
        new("rule reading A's tag", "POST", "/v1/rules", new { key = "probe_read", name = "Probe", tag = b.ProbeTagKey, condition = $"tag = '{a.TagKey}'", enabled = false }),
        new("rule re-pointed at A's tag", "PATCH", $"/v1/rules/{b.RuleId}", new { tag = a.TagId }),
        new("segment naming A's segment", "POST", "/v1/segments", new { key = "probe_ref", name = "Probe", query = $"segment = '{a.SegmentKey}'" }),
        new("query naming A's tag", "POST", "/v1/segments/query", new { query = $"tag = '{a.TagKey}'" }),
        new("query naming A's category", "POST", "/v1/segments/query", new { query = $"category.{a.CategoryKey} IS NOT NULL" }),
        new("customers filtered by A's tag", "GET", $"/v1/customers?tag={a.TagId}"),
        new("customers queried by A's tag", "GET", "/v1/customers?query=" + Uri.EscapeDataString($"tag = '{a.TagKey}'")),
        new("tags filtered by A's category", "GET", $"/v1/tags?category={a.CategoryId}"),
        new("tags filtered by A's parent", "GET", $"/v1/tags?parent={a.TagId}"),
        new("explain A's tag on B's customer", "GET", $"/v1/customers/{b.CustomerId}/explain?tag={a.TagId}"),
        new("replay after A's event", "POST", $"/v1/webhook-endpoints/{b.EndpointId}/replay", new { after = a.EventId }, MayAnswer: true),
        new("events after A's event", "GET", $"/v1/events?after={a.EventId}", MayAnswer: true),
    ];
}
