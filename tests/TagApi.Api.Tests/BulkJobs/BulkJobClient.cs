using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using TagApi.Api.Tests.Infrastructure;

namespace TagApi.Api.Tests.BulkJobs;

/// <summary>Starting bulk jobs and waiting for them, as an integrator does: upload, follow <c>Location</c>, poll.</summary>
public static class BulkJobClient
{
    /// <summary>Uploads a file as an import job; returns the job the 202 answered with.</summary>
    public static async Task<JsonNode> UploadAsync(this TenantSession api, string kind, string body, string mediaType = "application/x-ndjson", HttpStatusCode expected = HttpStatusCode.Accepted)
    {
        using var content = new StringContent(body, Encoding.UTF8, mediaType);
        using var response = await api.Http.PostAsync(new Uri($"/v1/bulk-jobs?kind={kind}", UriKind.Relative), content);
        var job = await api.Http.ExpectAsync(response, expected);
        if (expected == HttpStatusCode.Accepted)
        {
            Assert.Equal($"/v1/bulk-jobs/{job.Str("id")}", response.Headers.Location?.OriginalString);
        }

        return job;
    }

    /// <summary>Starts a job that takes a JSON body (segment.tag, customers.export).</summary>
    public static Task<JsonNode> StartAsync(this TenantSession api, object request, HttpStatusCode expected = HttpStatusCode.Accepted) =>
        api.PostAsync("/v1/bulk-jobs", request, expected);

    /// <summary>Polls the job until it has finished (bounded), and returns it.</summary>
    public static async Task<JsonNode> FinishedAsync(this TenantSession api, JsonNode job)
    {
        var id = job.Str("id");
        var finished = await Eventually.WaitForAsync(() => api.GetAsync($"/v1/bulk-jobs/{id}"),
            j => j.Str("status") is "succeeded" or "failed" or "cancelled", TimeSpan.FromSeconds(60));
        Assert.True(finished.Str("status") is "succeeded" or "failed" or "cancelled", $"job {id} did not finish: {finished.ToJsonString()}");
        return finished;
    }

    public static async Task<JsonNode> RunAsync(this TenantSession api, string kind, string body, string mediaType = "application/x-ndjson") =>
        await api.FinishedAsync(await api.UploadAsync(kind, body, mediaType));

    /// <summary>Every refused line of the job, paging through the report.</summary>
    public static async Task<List<(long Line, string Code)>> ErrorsAsync(this TenantSession api, JsonNode job)
    {
        var errors = new List<(long, string)>();
        string? cursor = null;
        do
        {
            var page = await api.GetAsync($"/v1/bulk-jobs/{job.Str("id")}/errors?limit=200" + (cursor is null ? "" : $"&cursor={cursor}"));
            errors.AddRange(page["data"]!.AsArray().Select(e => (e!["line"]!.GetValue<long>(), e.Str("code"))));
            cursor = page["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null);
        return errors;
    }

    public static long Count(this JsonNode job, string name) => job["result"]?[name]?.GetValue<long>() ?? 0;
}
