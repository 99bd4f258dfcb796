using System.Text.Encodings.Web;
using System.Text.Json;
using TagApi.Api.Tests.Infrastructure;
using TagApi.Core.Webhooks.Payloads;

namespace TagApi.Api.Tests.Webhooks;

/// <summary>
/// The published webhook schemas (<c>api-specs/webhooks/</c>) are what the payload records generate: one per event type
/// a receiver can get, nothing stale beside them.
/// </summary>
public sealed class WebhookSchemaContractTests
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [Fact]
    public async Task The_committed_schemas_equal_the_generated_ones()
    {
        var folder = RepositoryFiles.PathOf(PublishedWebhookSchemas.Folder);
        if (RepositoryFiles.Updating)
        {
            Directory.CreateDirectory(folder);
            foreach (var stale in Directory.GetFiles(folder, "*" + PublishedWebhookSchemas.Extension))
            {
                File.Delete(stale);
            }
        }

        foreach (var type in EventSchemas.Types)
        {
            var path = Path.Combine(folder, type + PublishedWebhookSchemas.Extension);
            var text = EventSchemas.For(type).ToJsonString(Indented) + "\n";
            if (RepositoryFiles.Updating)
            {
                await File.WriteAllTextAsync(path, text);
            }

            Assert.True(File.Exists(path), $"{path} is missing; run scripts/update-specs.sh.");
            Assert.True(text == await File.ReadAllTextAsync(path),
                $"The schema generated for '{type}' differs from {PublishedWebhookSchemas.Folder}. If the payload change is deliberate, run scripts/update-specs.sh and commit the result.");
        }

        Assert.Equal(
            EventSchemas.Types.Select(t => t + PublishedWebhookSchemas.Extension).Order(StringComparer.Ordinal),
            Directory.GetFiles(folder, "*" + PublishedWebhookSchemas.Extension).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_body_that_breaks_its_schema_is_reported()
    {
        const string Valid = """
            {"id":"evt_0ABCDEFGHJKMN","type":"customer.tags.added","occurredAt":"2026-01-02T03:04:05.678Z",
             "data":{"customer":{"id":"cus_1","externalId":null},"tags":[{"id":"tag_1","key":"vip","action":"added","reason":null}],"source":"manual","sourceRef":null,"version":2}}
            """;

        Assert.Empty(PublishedWebhookSchemas.Problems(Valid));
        Assert.NotEmpty(PublishedWebhookSchemas.Problems(Valid.Replace("\"version\":2", "\"version\":\"2\"", StringComparison.Ordinal)));
        Assert.NotEmpty(PublishedWebhookSchemas.Problems(Valid.Replace("\"source\":\"manual\",", "", StringComparison.Ordinal)));
        Assert.NotEmpty(PublishedWebhookSchemas.Problems(Valid.Replace("\"reason\":null", "\"reason\":null,\"undocumented\":1", StringComparison.Ordinal)));
        Assert.NotEmpty(PublishedWebhookSchemas.Problems(Valid.Replace("2026-01-02T03:04:05.678Z", "yesterday", StringComparison.Ordinal)));
        Assert.NotEmpty(PublishedWebhookSchemas.Problems(Valid.Replace("customer.tags.added", "customer.tags.shuffled", StringComparison.Ordinal)));
    }
}
