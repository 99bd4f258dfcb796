using System.Net;
using System.Text.Json.Nodes;
using TagApi.Api.Tests.Infrastructure;

namespace TagApi.Api.Tests.BulkJobs;

/// <summary>
/// "Tag everyone in this segment" and "export my customers" as jobs: the members are those of the job's start, every
/// change is a single write's (history, one event per customer), and the export downloads as NDJSON or CSV.
/// </summary>
public abstract class SegmentJobsTests(TagApiFactory factory) : ProviderSuite(factory)
{
    [Fact]
    public async Task Segment_tag_adds_a_tag_to_every_member_of_a_saved_segment_then_removes_it()
    {
        var api = await Factory.CreateTenantAsync();
        await api.CreateTagAsync("vip");
        await api.CreateTagAsync("campaign");
        await api.PostAsync("/v1/segments", new { key = "vips", name = "VIPs", query = "tag = 'vip'" }, HttpStatusCode.Created);
        await api.UploadAsync("customers.import", string.Join('\n', Enumerable.Range(0, 60).Select(i => $$"""{"externalId":"s{{i}}"}""")));
        var assignments = string.Join('\n', Enumerable.Range(0, 60).Where(i => i % 3 == 0).Select(i => $$"""{"externalId":"s{{i}}","tag":"vip"}"""));
        await api.FinishedAsync(await api.UploadAsync("tag-assignments.import", assignments));
        var holder = (await api.GetAsync("/v1/customers/by-external-id/s3")).Str("id");
        await api.ChangeTagsAsync(holder, add: ["campaign"]);

        var added = await api.FinishedAsync(await api.StartAsync(new { kind = "segment.tag", segment = "vips", tag = "campaign", op = "add" }));

        Assert.Equal(("succeeded", 20L, 20L), (added.Str("status"), added["total"]!.GetValue<long>(), added["processed"]!.GetValue<long>()));
        Assert.Equal((19L, 1L), (added.Count("added"), added.Count("unchanged")));
        Assert.Equal(20, (await api.PostAsync("/v1/segments/query", new { query = "tag = 'campaign'", limit = 1 }))["count"]!.GetValue<long>());
        Assert.Equal(0, (await api.PostAsync("/v1/segments/query", new { query = "tag = 'campaign' AND NOT tag = 'vip'", limit = 1 }))["count"]!.GetValue<long>());
        var member = (await api.GetAsync("/v1/customers/by-external-id/s6")).Str("id");
        var history = (await api.GetAsync($"/v1/customers/{member}/tag-history"))["data"]!.AsArray();
        Assert.Equal(("campaign", "added"), (history[0]!.Str("tagKey"), history[0]!.Str("action")));

        var removed = await api.FinishedAsync(await api.StartAsync(new { kind = "segment.tag", query = "tag = 'campaign'", tag = "campaign", op = "remove" }));
        Assert.Equal(20L, removed.Count("removed"));
        Assert.Equal(0, (await api.PostAsync("/v1/segments/query", new { query = "tag = 'campaign'", limit = 1 }))["count"]!.GetValue<long>());
    }

    [Fact]
    public async Task Segment_tag_refuses_what_cannot_be_done_before_a_job_exists()
    {
        var api = await Factory.CreateTenantAsync();
        await api.CreateTagAsync("vip");
        var noTag = await api.StartAsync(new { kind = "segment.tag", query = "true", tag = "nope", op = "add" }, HttpStatusCode.NotFound);
        Assert.Equal("not_found", noTag.Str("code"));
        var badOp = await api.StartAsync(new { kind = "segment.tag", query = "true", tag = "vip", op = "toggle" }, HttpStatusCode.BadRequest);
        Assert.Equal("validation_failed", badOp.Str("code"));
        var badQuery = await api.StartAsync(new { kind = "segment.tag", query = "tag = ", tag = "vip", op = "add" }, HttpStatusCode.BadRequest);
        Assert.Equal("query_invalid", badQuery.Str("code"));
        await api.StartAsync(new { kind = "segment.tag", segment = "nope", tag = "vip", op = "add" }, HttpStatusCode.NotFound);
        await api.StartAsync(new { kind = "segment.tag", tag = "vip", op = "add" }, HttpStatusCode.BadRequest);
        await api.StartAsync(new { kind = "customers.import" }, HttpStatusCode.BadRequest);
        await api.StartAsync(new { kind = "segment.tag", query = "true", tag = "vip", op = "add", surprise = 1 }, HttpStatusCode.BadRequest);
        Assert.Empty((await api.GetAsync("/v1/bulk-jobs"))["data"]!.AsArray());
    }

    [Fact]
    public async Task An_export_downloads_the_customers_as_NDJSON_or_CSV()
    {
        var api = await Factory.CreateTenantAsync();
        await api.CreateTagAsync("vip");
        for (var i = 0; i < 12; i++)
        {
            await api.UpsertCustomerAsync($"e{i}", new { city = i % 2 == 0 ? "Hangzhou" : "Beijing", email = $"e{i}@example.com" });
        }

        var ndjson = await api.FinishedAsync(await api.StartAsync(new { kind = "customers.export" }));
        Assert.Equal(("succeeded", 12L), (ndjson.Str("status"), ndjson.Count("exported")));
        var lines = (await DownloadAsync(api, ndjson)).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(12, lines.Count);
        Assert.Equal("e0@example.com", lines.Single(l => l.Str("externalId") == "e0").Str("email"));

        var csv = await api.FinishedAsync(await api.StartAsync(new { kind = "customers.export", query = "city = 'Hangzhou'", format = "csv" }));
        var rows = (await DownloadAsync(api, csv)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("id,externalId,", rows[0], StringComparison.Ordinal);
        Assert.Equal(7, rows.Length);

        // Without customers:pii the export leaves personal data out, as reads do.
        var plain = await api.WithClientAsync("customers:read");
        var masked = await plain.FinishedAsync(await plain.StartAsync(new { kind = "customers.export" }));
        var first = JsonNode.Parse((await DownloadAsync(plain, masked)).Split('\n')[0])!;
        Assert.Null(first["email"]);

        var import = await api.UploadAsync("customers.import", """{"externalId":"x"}""");
        await api.SendAsync(HttpMethod.Get, $"/v1/bulk-jobs/{import.Str("id")}/download", null, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task GraphQL_starts_follows_lists_and_cancels_jobs_like_REST()
    {
        var api = await Factory.CreateTenantAsync();
        await api.CreateTagAsync("vip");
        await api.UpsertCustomerAsync("g1");
        await api.UpsertCustomerAsync("g2");

        var started = await api.GraphQLAsync("""
            mutation { startBulkJob(input: { kind: "segment.tag", query: "true", tag: "vip", op: "add" }) { bulkJob { id kind status } userErrors { code } } }
            """);
        var id = started["startBulkJob"]!["bulkJob"]!.Str("id");
        Assert.Equal("segment.tag", started["startBulkJob"]!["bulkJob"]!.Str("kind"));
        var job = await Eventually.WaitForAsync(() => api.GraphQLAsync($$"""{ bulkJob(id: "{{id}}") { status processed total result } }"""),
            d => d["bulkJob"]!.Str("status") == "succeeded");
        Assert.Equal((2L, 2L), (job["bulkJob"]!["processed"]!.GetValue<long>(), job["bulkJob"]!["result"]!["added"]!.GetValue<long>()));
        Assert.Equal(2, (await api.PostAsync("/v1/segments/query", new { query = "tag = 'vip'", limit = 1 }))["count"]!.GetValue<long>());

        var list = await api.GraphQLAsync("{ bulkJobs(first: 10) { edges { node { id } } } }");
        Assert.Equal(id, list["bulkJobs"]!["edges"]![0]!["node"]!.Str("id"));
        var cancel = await api.GraphQLAsync($$"""mutation { cancelBulkJob(id: "{{id}}") { bulkJob { id } userErrors { code } } }""");
        Assert.Equal("job_finished", cancel["cancelBulkJob"]!["userErrors"]![0]!.Str("code"));
        var rest = await api.PostAsync($"/v1/bulk-jobs/{id}/cancel", null, HttpStatusCode.Conflict);
        Assert.Equal("job_finished", rest.Str("code"));
    }

    [Fact]
    public async Task Jobs_are_seen_and_cancelled_only_within_their_tenant_and_the_scope_of_their_kind()
    {
        var api = await Factory.CreateTenantAsync();
        var other = await Factory.CreateTenantAsync();
        // (Cancelling a queued job is CancellingQueuedJobsTests': here the worker may finish any job before a cancel.)
        var first = await api.UploadAsync("customers.import", string.Join('\n', Enumerable.Range(0, 30).Select(i => $$"""{"externalId":"q{{i}}"}""")));
        Assert.Equal("succeeded", (await api.FinishedAsync(first)).Str("status"));

        await other.GetAsync($"/v1/bulk-jobs/{first.Str("id")}", HttpStatusCode.NotFound);
        await other.PostAsync($"/v1/bulk-jobs/{first.Str("id")}/cancel", null, HttpStatusCode.NotFound);
        Assert.Empty((await other.GetAsync("/v1/bulk-jobs"))["data"]!.AsArray());

        var activitiesOnly = await api.WithClientAsync("activities:write");
        var refused = await activitiesOnly.GetAsync($"/v1/bulk-jobs/{first.Str("id")}", HttpStatusCode.Forbidden);
        Assert.Contains("'customers:write'", refused.Str("detail"), StringComparison.Ordinal);
        Assert.Empty((await activitiesOnly.GetAsync("/v1/bulk-jobs"))["data"]!.AsArray());
        await activitiesOnly.UploadAsync("customers.import", """{"externalId":"x"}""", expected: HttpStatusCode.Forbidden);
        var tagsOnly = await api.WithClientAsync("tags:read");
        await tagsOnly.GetAsync("/v1/bulk-jobs", HttpStatusCode.Forbidden);

        var second = await api.UploadAsync("customers.import", """{"externalId":"second"}""");
        Assert.Equal("succeeded", (await api.FinishedAsync(second)).Str("status"));
        var page = await api.GetAsync("/v1/bulk-jobs?limit=1");
        Assert.Equal(second.Str("id"), page["data"]![0]!.Str("id"));
        var next = await api.GetAsync($"/v1/bulk-jobs?limit=1&cursor={page.Str("nextCursor")}");
        Assert.Equal(first.Str("id"), next["data"]![0]!.Str("id"));
    }

    private static async Task<string> DownloadAsync(TenantSession api, JsonNode job)
    {
        Assert.Equal($"/v1/bulk-jobs/{job.Str("id")}/download", job.Str("download"));
        using var response = await api.Http.GetAsync(new Uri(job.Str("download"), UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }
}

public sealed class SegmentJobsOnSqlite(SqliteTagApiFactory factory) : SegmentJobsTests(factory), IClassFixture<SqliteTagApiFactory>;

public sealed class SegmentJobsOnPostgres(PostgresTagApiFactory factory) : SegmentJobsTests(factory), IClassFixture<PostgresTagApiFactory>;
