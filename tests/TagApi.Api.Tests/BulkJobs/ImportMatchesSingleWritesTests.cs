using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using TagApi.Api.Tests.Infrastructure;

namespace TagApi.Api.Tests.BulkJobs;

/// <summary>
/// The same file loaded by a bulk job in one tenant and line by line through the single REST writes in another ends in
/// the same customers, tags, tag history and events — ids and times aside — whichever way the provider writes a chunk.
/// A chunk is one write, like a batch call: a customer's tag changes within it are announced in one event (compared here
/// change by change), and a customer given twice within it is announced once.
/// </summary>
public abstract partial class ImportMatchesSingleWritesTests(TagApiFactory factory) : ProviderSuite(factory)
{
    private static readonly HashSet<string> Volatile = ["id", "createdAt", "updatedAt", "occurredAt", "at", "assignedAt"];

    [Fact]
    public async Task A_customers_and_tag_assignments_import_leaves_what_single_writes_leave()
    {
        var byJob = await PrepareAsync();
        var byRest = await PrepareAsync();
        var customers = CustomerLines();
        var assignments = AssignmentLines();

        await byJob.RunAsync("customers.import", string.Join('\n', customers.Select(c => c.ToJsonString())) + "\n");
        await byJob.RunAsync("tag-assignments.import", string.Join('\n', assignments.Select(a => a.ToJsonString())) + "\n");
        foreach (var line in customers)
        {
            var externalId = line.Str("externalId");
            var response = await byRest.Http.PutAsync(new Uri($"/v1/customers/by-external-id/{externalId}", UriKind.Relative), JsonContent(line));
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Created, $"{externalId}: {response.StatusCode}");
        }

        foreach (var line in assignments)
        {
            var item = new { externalId = line.Str("externalId"), tag = line.Str("tag"), expiresAt = line["expiresAt"]?.GetValue<string>() };
            var add = line["op"]?.GetValue<string>() != "remove";
            await byRest.PostAsync("/v1/tag-assignments", new { add = add ? new[] { item } : [], remove = add ? [] : new[] { item }, source = "import" });
        }

        var externalIds = customers.Select(c => c.Str("externalId")).Append("keep").Distinct().Order(StringComparer.Ordinal).ToList();
        foreach (var externalId in externalIds)
        {
            Assert.Equal(await CustomerStateAsync(byRest, externalId), await CustomerStateAsync(byJob, externalId));
        }

        Assert.Equal(await EventsAsync(byRest), await EventsAsync(byJob));
    }

    private async Task<TenantSession> PrepareAsync()
    {
        var api = await Factory.CreateTenantAsync();
        await api.CreateTagAsync("vip");
        await api.CreateTagAsync("new_customer", category: "lifecycle");
        await api.CreateTagAsync("loyal", category: "lifecycle");
        await api.UpsertCustomerAsync("old", new { city = "Old", attributes = new { vipLevel = 1 } });
        var keep = await api.UpsertCustomerAsync("keep", new { city = "Same", name = "Kept" });
        await api.ChangeTagsAsync(keep.Str("id"), add: ["vip"]);
        return api;
    }

    // New customers with every kind of field, one changed, one repeated unchanged.
    private static List<JsonNode> CustomerLines()
    {
        var lines = Enumerable.Range(0, 40).Select(i => JsonNode.Parse($$$"""
            {"externalId":"n{{{i}}}","name":"Name {{{i}}}","email":"n{{{i}}}@example.com","city":"{{{(i % 2 == 0 ? "Shanghai" : "Beijing")}}}",
             "type":"{{{(i % 5 == 0 ? "company" : "individual")}}}","source":"online","birthDate":"1990-01-{{{1 + i % 28:00}}}","attributes":{"vipLevel":{{{i % 6}}}}}
            """)!).ToList();
        lines.Add(JsonNode.Parse("""{"externalId":"old","city":"New","attributes":{"vipLevel":2}}""")!);
        lines.Add(JsonNode.Parse("""{"externalId":"keep","city":"Same","name":"Kept"}""")!);
        return lines;
    }

    private static List<JsonNode> AssignmentLines()
    {
        var lines = Enumerable.Range(0, 40).Select(i => JsonNode.Parse($$"""{"externalId":"n{{i}}","tag":"{{(i % 3 == 0 ? "vip" : "new_customer")}}"}""")!).ToList();
        lines.AddRange(Enumerable.Range(0, 10).Select(i => JsonNode.Parse($$"""{"externalId":"n{{i}}","tag":"loyal"}""")!));
        lines.Add(JsonNode.Parse("""{"externalId":"n0","tag":"vip","op":"remove"}""")!);
        lines.Add(JsonNode.Parse("""{"externalId":"old","tag":"vip"}""")!);
        lines.Add(JsonNode.Parse("""{"externalId":"keep","tag":"vip","expiresAt":"2030-01-01T00:00:00Z"}""")!);
        return lines;
    }

    private static StringContent JsonContent(JsonNode line)
    {
        var body = line.DeepClone().AsObject();
        return new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
    }

    private static async Task<string> CustomerStateAsync(TenantSession api, string externalId)
    {
        var customer = await api.GetAsync($"/v1/customers/by-external-id/{externalId}");
        var id = customer.Str("id");
        var tags = await api.GetAsync($"/v1/customers/{id}/tags");
        var history = await api.GetAsync($"/v1/customers/{id}/tag-history?limit=200");
        return Normalize(new JsonObject { ["customer"] = customer.DeepClone(), ["tags"] = tags["data"]!.DeepClone(), ["history"] = history["data"]!.DeepClone() });
    }

    // The tenant's events after its set-up, as a sorted list: the two ways may log one chunk's events in another order.
    private static async Task<List<string>> EventsAsync(TenantSession api)
    {
        var events = new List<string>();
        string? cursor = null;
        do
        {
            var page = await api.GetAsync("/v1/events?limit=200" + (cursor is null ? "" : $"&cursor={cursor}"));
            events.AddRange(page["data"]!.AsArray().SelectMany(e => Changes(e!)).Select(Normalize));
            cursor = page["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null);
        return [.. events.Where(e => !e.Contains("bulk_job", StringComparison.Ordinal) && !e.Contains("\"tag.created\"", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];
    }

    // A tag event as one entry per tag change, without the version (it counts the changes of the chunk or of the call).
    private static IEnumerable<JsonNode> Changes(JsonNode e)
    {
        if (e.Str("type") is not ("customer.tags.added" or "customer.tags.removed"))
        {
            return [e];
        }

        var data = e["data"]!;
        return data["tags"]!.AsArray().Select(t => (JsonNode)new JsonObject
        {
            ["type"] = e.Str("type"), ["customer"] = data["customer"]!.DeepClone(), ["tag"] = t!.DeepClone(),
            ["source"] = data["source"]?.DeepClone(), ["sourceRef"] = data["sourceRef"]?.DeepClone(),
        });
    }

    // Ids and times differ between the tenants; everything else must not.
    private static string Normalize(JsonNode node)
    {
        Strip(node);
        return PublicIdPattern().Replace(node.ToJsonString(new JsonSerializerOptions { WriteIndented = false }), "\"<id>\"");
    }

    private static void Strip(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var name in o.Select(p => p.Key).Where(Volatile.Contains).ToList())
                {
                    o.Remove(name);
                }

                foreach (var (_, value) in o)
                {
                    Strip(value);
                }

                break;
            case JsonArray a:
                foreach (var item in a)
                {
                    Strip(item);
                }

                break;
        }
    }

    [GeneratedRegex("\"([a-z]{2,5}_[0-9A-Z]{6,}|cli_[0-9A-Za-z_-]+)\"")]
    private static partial Regex PublicIdPattern();
}

public sealed class ImportMatchesSingleWritesOnSqlite(SqliteTagApiFactory factory) : ImportMatchesSingleWritesTests(factory), IClassFixture<SqliteTagApiFactory>;

public sealed class ImportMatchesSingleWritesOnPostgres(PostgresTagApiFactory factory) : ImportMatchesSingleWritesTests(factory), IClassFixture<PostgresTagApiFactory>;
