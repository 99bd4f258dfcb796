using TagApi.Api.Tests.Infrastructure;

namespace TagApi.Api.Tests.BulkJobs;

/// <summary>
/// A job never starves the API: while a large import runs (in chunked transactions, on a bounded number of workers),
/// the integrator's single reads — a customer, a segment count — keep answering.
/// </summary>
public abstract class ReadingDuringAnImportTests(TagApiFactory factory) : ProviderSuite(factory)
{
    [Fact]
    public async Task A_running_import_leaves_single_reads_answering()
    {
        var api = await Factory.CreateTenantAsync();
        var known = (await api.UpsertCustomerAsync("known", new { city = "Shanghai" })).Str("id");
        var body = string.Join('\n', Enumerable.Range(0, 60_000).Select(i => $$"""{"externalId":"r{{i}}","city":"Beijing"}""")) + "\n";
        var job = await api.UploadAsync("customers.import", body);
        var id = job.Str("id");
        await Eventually.WaitForAsync(() => api.GetAsync($"/v1/bulk-jobs/{id}"), j => j.Str("status") == "running" && j["processed"]!.GetValue<long>() > 0);

        var customer = await api.GetAsync($"/v1/customers/{known}");
        var count = await api.PostAsync("/v1/segments/query", new { query = "city = 'Shanghai'", limit = 1 });
        var during = await api.GetAsync($"/v1/bulk-jobs/{id}");

        Assert.Equal("known", customer.Str("externalId"));
        Assert.Equal(1, count["count"]!.GetValue<long>());
        Assert.Equal("running", during.Str("status"));
        Assert.True(during["processed"]!.GetValue<long>() < 60_000);
        await api.PostAsync($"/v1/bulk-jobs/{id}/cancel", null);
        Assert.Equal("cancelled", (await api.FinishedAsync(job)).Str("status"));
    }
}

public sealed class ReadingDuringAnImportOnSqlite(SqliteTagApiFactory factory) : ReadingDuringAnImportTests(factory), IClassFixture<SqliteTagApiFactory>;

public sealed class ReadingDuringAnImportOnPostgres(PostgresTagApiFactory factory) : ReadingDuringAnImportTests(factory), IClassFixture<PostgresTagApiFactory>;
