using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using TagApi.Api.Tests.Infrastructure;

namespace TagApi.Api.Tests.BulkJobs;

/// <summary>
/// An integrator loads its shop through bulk jobs: customers, their tags and their activities, as NDJSON or CSV. Good
/// lines apply with the guarantees of single writes (history, events), bad ones are reported by their line number.
/// </summary>
public abstract class ImportingInBulkTests(TagApiFactory factory) : ProviderSuite(factory)
{
    [Fact]
    public async Task A_customers_import_upserts_by_external_id_and_reports_bad_lines_by_number()
    {
        var api = await Factory.CreateTenantAsync();
        await api.UpsertCustomerAsync("c1", new { city = "Old" });
        var lines = Enumerable.Range(0, 2_500).Select(i => $$$"""{"externalId":"c{{{i}}}","city":"Shanghai","attributes":{"n":{{{i}}}}}""").ToList();
        lines.Insert(3, "{not json");
        lines.Insert(1200, """{"city":"No id"}""");
        lines.Insert(1201, "");
        lines.Insert(2000, """{"externalId":"c-bad","unknownField":1}""");

        var job = await api.RunAsync("customers.import", string.Join('\n', lines) + "\n");

        Assert.Equal("succeeded", job.Str("status"));
        Assert.Equal((2_503L, 2_503L, 3L), (job["total"]!.GetValue<long>(), job["processed"]!.GetValue<long>(), job["errors"]!.GetValue<long>()));
        Assert.Equal((2_499L, 1L), (job.Count("created"), job.Count("updated")));
        Assert.Equal([(4L, "validation_failed"), (1201L, "validation_failed"), (2001L, "validation_failed")], await api.ErrorsAsync(job));
        var c1 = await api.GetAsync("/v1/customers/by-external-id/c1");
        Assert.Equal(("Shanghai", 1), (c1.Str("city"), c1["attributes"]!["n"]!.GetValue<int>()));
        Assert.Equal(2_500, (await api.PostAsync("/v1/segments/query", new { query = "city = 'Shanghai'", limit = 1 }))["count"]!.GetValue<long>());
        Assert.True(job["finishedAt"] is not null && job["startedAt"] is not null);
    }

    [Fact]
    public async Task A_customers_import_reads_CSV_with_a_header_and_attribute_columns()
    {
        var api = await Factory.CreateTenantAsync();
        var csv = new StringBuilder("externalId,name,city,attributes.vipLevel\n");
        csv.Append("csv-1,\"Li, Lei\",Hangzhou,3\n");
        csv.Append("csv-2,Han Meimei,,\n");
        csv.Append("csv-3,too,many,fields,here\n");

        var job = await api.RunAsync("customers.import", csv.ToString(), "text/csv");

        Assert.Equal((3L, 1L, 2L), (job["processed"]!.GetValue<long>(), job["errors"]!.GetValue<long>(), job.Count("created")));
        Assert.Equal([(4L, "validation_failed")], await api.ErrorsAsync(job));
        var lei = await api.GetAsync("/v1/customers/by-external-id/csv-1");
        Assert.Equal(("Li, Lei", "Hangzhou", "3"), (lei.Str("name"), lei.Str("city"), lei["attributes"]!["vipLevel"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_tag_assignments_import_applies_good_lines_in_order_and_logs_history_and_events()
    {
        var api = await Factory.CreateTenantAsync();
        await api.CreateTagAsync("vip");
        await api.CreateTagAsync("churned");
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await api.UpsertCustomerAsync($"a{i}")).Str("id"));
        }

        var body = string.Join('\n',
            """{"externalId":"a0","tag":"vip"}""",
            $$"""{"customer":"{{ids[1]}}","tag":"vip","op":"add"}""",
            """{"externalId":"a2","tag":"churned"}""",
            """{"externalId":"a2","tag":"churned","op":"remove"}""",
            """{"externalId":"nobody","tag":"vip"}""",
            """{"externalId":"a3","tag":"no_such_tag"}""",
            """{"externalId":"a4","tag":"vip","op":"toggle"}""",
            """{"externalId":"a4","tag":"vip"}""");
        var job = await api.RunAsync("tag-assignments.import", body);

        Assert.Equal("succeeded", job.Str("status"));
        Assert.Equal([(5L, "not_found"), (6L, "not_found"), (7L, "validation_failed")], await api.ErrorsAsync(job));
        Assert.Equal((4L, 1L), (job.Count("added"), job.Count("removed")));
        Assert.Equal(["vip"], await api.TagKeysOfAsync(ids[0]));
        Assert.Empty(await api.TagKeysOfAsync(ids[2]));
        Assert.Equal(["vip"], await api.TagKeysOfAsync(ids[4]));
        var history = (await api.GetAsync($"/v1/customers/{ids[2]}/tag-history"))["data"]!.AsArray();
        Assert.Equal(["removed", "added"], history.Select(h => h!.Str("action")));
        Assert.All(history, h => Assert.Equal("import", h!.Str("source")));

        var events = (await api.GetAsync("/v1/events?limit=200&type=customer.tags.added"))["data"]!.AsArray();
        Assert.Equal(4, events.Count);
    }

    [Fact]
    public async Task An_activities_import_records_activities_once_and_folds_metrics()
    {
        var api = await Factory.CreateTenantAsync();
        for (var i = 0; i < 10; i++)
        {
            await api.UpsertCustomerAsync($"b{i}");
        }

        var body = string.Join('\n', Enumerable.Range(0, 3_000)
            .Select(i => $$"""{"externalId":"o{{i}}","customerExternalId":"b{{i % 10}}","type":"purchase","amount":2,"channel":"web"}""")
            .Append("""{"customerExternalId":"nobody","type":"visit"}"""));

        var first = await api.RunAsync("activities.import", body);
        var again = await api.RunAsync("activities.import", body);

        Assert.Equal((3_000L, 0L, 1L), (first.Count("recorded"), first.Count("duplicates"), first["errors"]!.GetValue<long>()));
        Assert.Equal([(3_001L, "not_found")], await api.ErrorsAsync(first));
        Assert.Equal((0L, 3_000L), (again.Count("recorded"), again.Count("duplicates")));
        Assert.Equal(300, (await api.GetAsync("/v1/customers/by-external-id/b0"))["metrics"]!["orderCount"]!.GetValue<int>());
        Assert.Equal(10, (await api.PostAsync("/v1/segments/query", new { query = "count(purchase, 1d) = 300", limit = 1 }))["count"]!.GetValue<long>());
    }

    [Fact]
    public async Task An_upload_of_the_wrong_type_or_kind_is_refused_before_a_job_exists()
    {
        var api = await Factory.CreateTenantAsync();
        await api.UploadAsync("customers.import", "{}", "text/plain", HttpStatusCode.UnsupportedMediaType);
        var unknown = await api.UploadAsync("customers.delete", "{}\n", expected: HttpStatusCode.BadRequest);
        Assert.Equal("validation_failed", unknown.Str("code"));
        var noKind = await api.UploadAsync("", "{}\n", expected: HttpStatusCode.BadRequest);
        Assert.Equal("validation_failed", noKind.Str("code"));
        var jobs = await api.GetAsync("/v1/bulk-jobs");
        Assert.Empty(jobs["data"]!.AsArray());
    }
}

public sealed class ImportingInBulkOnSqlite(SqliteTagApiFactory factory) : ImportingInBulkTests(factory), IClassFixture<SqliteTagApiFactory>;

public sealed class ImportingInBulkOnPostgres(PostgresTagApiFactory factory) : ImportingInBulkTests(factory), IClassFixture<PostgresTagApiFactory>;
