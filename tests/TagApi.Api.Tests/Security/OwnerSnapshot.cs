using System.Text;
using System.Text.Json.Nodes;
using TagApi.Api.Tests.Infrastructure;

namespace TagApi.Api.Tests.Security;

/// <summary>
/// Everything tenant A can read about itself, as text: if a probe by tenant B changed anything of A's,
/// two snapshots differ. Fields that move by themselves (the time an answer was computed) are left out.
/// </summary>
public static class OwnerSnapshot
{
    private static readonly string[] Volatile = ["computedAt"];

    public static async Task<string> TakeAsync(TenantSession owner, SeededTenant of)
    {
        var urls = new List<string>
        {
            "/v1/tag-categories?limit=200", "/v1/tags?limit=200&includeArchived=true", "/v1/customers?limit=200", "/v1/segments?limit=200",
            "/v1/rules?limit=200", $"/v1/rules/{of.RuleId}/versions", $"/v1/rules/{of.RuleId}/runs?limit=200", "/v1/webhook-endpoints?limit=200",
            "/v1/api-clients?limit=200", "/v1/events?limit=200", $"/v1/segments/{of.SegmentId}/customers?limit=200",
            $"/v1/tags/{of.TagId}/customers?limit=200",
        };
        foreach (var customer in new[] { of.CustomerId, of.Customer2Id })
        {
            urls.Add($"/v1/customers/{customer}/tags");
            urls.Add($"/v1/customers/{customer}/tag-history?limit=200");
        }

        var text = new StringBuilder();
        foreach (var url in urls)
        {
            var body = await owner.GetAsync(url);
            Strip(body);
            text.Append(url).Append(' ').AppendLine(body.ToJsonString());
        }

        return text.ToString();
    }

    private static void Strip(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var key in Volatile)
                {
                    o.Remove(key);
                }

                foreach (var (_, child) in o)
                {
                    Strip(child);
                }

                break;
            case JsonArray a:
                foreach (var child in a)
                {
                    Strip(child);
                }

                break;
        }
    }
}
