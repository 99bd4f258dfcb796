using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using TagApi.Api.Tests.Idempotency;
using TagApi.Api.Tests.Infrastructure;

namespace TagApi.Api.Tests.Activities;

/// <summary>
/// <c>POST /v1/activities/bulk</c> is an alias of an <c>activities.import</c> job: the job is visible like any other,
/// and the request answers with the job's counts once it has run.
/// </summary>
public abstract class ImportingActivitiesThroughTheBulkAliasTests(TagApiFactory factory) : ProviderSuite(factory)
{
    [Fact]
    public async Task The_bulk_endpoint_runs_an_activities_import_job_and_answers_with_its_outcome()
    {
        var api = await Factory.CreateTenantAsync();
        await api.UpsertCustomerAsync("alias");
        // 2,500 lines span three stored chunks; 150 of them name nobody, more than the answer lists.
        var body = Lines(2_500, i => i % 10 == 3 && i < 1_500 ? "nobody" : "alias");

        var answer = await ImportAsync(api, body, key: null);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        var outcome = answer.Json;
        Assert.Equal((2_500L, 2_350L, 0L, 150L), (Long(outcome, "lines"), Long(outcome, "recorded"), Long(outcome, "duplicates"), Long(outcome, "rejected")));
        var listed = outcome["errors"]!.AsArray().Select(e => Long(e!, "line")).ToList();
        Assert.Equal(100, listed.Count);
        Assert.Equal(Enumerable.Range(0, 100).Select(n => 10L * n + 4), listed);

        var job = await api.GetAsync($"/v1/bulk-jobs/{outcome.Str("job")}");
        Assert.Equal(("activities.import", "succeeded"), (job.Str("kind"), job.Str("status")));
        Assert.Equal((2_500L, 150L, 2_350L), (Long(job, "processed"), Long(job, "errors"), Long(job["result"]!, "recorded")));
        var errors = await api.GetAsync($"/v1/bulk-jobs/{outcome.Str("job")}/errors?limit=200");
        Assert.Equal(150, errors["data"]!.AsArray().Count);
        Assert.Equal(2_350, (await api.GetAsync("/v1/customers/by-external-id/alias"))["metrics"]!["orderCount"]!.GetValue<int>());
        Assert.Equal(1, await Eventually.WaitForAsync(() => api.EventCountAsync("bulk_job.completed"), n => n == 1));
    }

    [Fact]
    public async Task A_keyed_bulk_import_runs_its_job_in_the_request_and_a_retry_replays_it_without_a_second_job()
    {
        var api = await Factory.CreateTenantAsync();
        await api.UpsertCustomerAsync("keyed");
        var body = Lines(1_200, _ => "keyed");

        var first = await ImportAsync(api, body, "bulk-alias-1");
        var retry = await ImportAsync(api, body, "bulk-alias-1");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.Status, retry.Status));
        Assert.False(first.Replayed);
        Assert.True(retry.Replayed);
        Assert.Equal(first.Body, retry.Body);
        Assert.Equal(1_200L, Long(first.Json, "recorded"));
        var jobs = (await api.GetAsync("/v1/bulk-jobs"))["data"]!.AsArray();
        var job = Assert.Single(jobs)!;
        Assert.Equal((first.Json.Str("job"), "succeeded"), (job.Str("id"), job.Str("status")));
        Assert.Equal(1_200, (await api.GetAsync("/v1/customers/by-external-id/keyed"))["metrics"]!["orderCount"]!.GetValue<int>());
    }

    private static string Lines(int count, Func<int, string> customer) =>
        string.Concat(Enumerable.Range(0, count).Select(i =>
            $$"""{"externalId":"alias-{{i}}","customerExternalId":"{{customer(i)}}","type":"purchase","amount":1}""" + "\n"));

    private static async Task<SeenResponse> ImportAsync(TenantSession api, string body, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/activities/bulk") { Content = new StringContent(body, Encoding.UTF8, "application/x-ndjson") };
        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        }

        var response = await api.Http.SendAsync(request);
        return new SeenResponse(response.StatusCode, response, await response.Content.ReadAsByteArrayAsync());
    }

    private static long Long(JsonNode node, string name) => node[name]!.GetValue<long>();
}

public sealed class ImportingActivitiesThroughTheBulkAliasOnSqlite(SqliteTagApiFactory factory)
    : ImportingActivitiesThroughTheBulkAliasTests(factory), IClassFixture<SqliteTagApiFactory>;

public sealed class ImportingActivitiesThroughTheBulkAliasOnPostgres(PostgresTagApiFactory factory)
    : ImportingActivitiesThroughTheBulkAliasTests(factory), IClassFixture<PostgresTagApiFactory>;
