using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace TagApi.Bench.Ingestion;

/// <summary>How one job went, as the integrator saw it and as the server recorded it.</summary>
/// <param name="Id">The job's id.</param>
/// <param name="Processed">Lines (or members) done.</param>
/// <param name="Errors">Lines refused.</param>
/// <param name="Result">The job's result counts.</param>
/// <param name="Seconds">From the first byte of the upload (or the start request) to seeing the job succeeded.</param>
/// <param name="StartSeconds">The POST alone: the upload stored, or the member set taken.</param>
/// <param name="RunSeconds">The server's own startedAt → finishedAt.</param>
/// <param name="FirstError">The first refused line, when there was one.</param>
public sealed record JobRun(string Id, long Processed, long Errors, JsonNode? Result, double Seconds, double StartSeconds, double RunSeconds, string? FirstError);

/// <summary>The public bulk-job API as an integrator uses it: upload or start, then poll until the job is over.</summary>
public sealed class JobClient(Uri server, string clientId, string clientSecret) : IDisposable
{
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(100);
    private readonly HttpClient _http = new() { BaseAddress = server, Timeout = TimeSpan.FromMinutes(30) };

    public HttpClient Http => _http;

    public async Task SignInAsync()
    {
        using var response = await _http.PostAsync(new Uri("/connect/token", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = clientSecret,
        }));
        var token = (await ReadAsync(response))["access_token"]!.GetValue<string>();
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public async Task<JsonNode> PostJsonAsync(string path, object body)
    {
        using var response = await _http.PostAsJsonAsync(new Uri(path, UriKind.Relative), body);
        return await ReadAsync(response);
    }

    public async Task DeleteAsync(string path)
    {
        using var response = await _http.DeleteAsync(new Uri(path, UriKind.Relative));
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Uploads <paramref name="file"/> as a job of <paramref name="kind"/> and waits for it.</summary>
    public async Task<JobRun> ImportAsync(string kind, string file)
    {
        var clock = Stopwatch.StartNew();
        await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, useAsync: true);
        using var content = new StreamContent(stream, 1 << 20);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        using var response = await _http.PostAsync(new Uri($"/v1/bulk-jobs?kind={kind}", UriKind.Relative), content);
        var job = await ReadAsync(response);
        return await WaitAsync(job["id"]!.GetValue<string>(), clock);
    }

    /// <summary>Starts a job from a JSON body (segment.tag, customers.export) and waits for it.</summary>
    public async Task<JobRun> StartAsync(object body)
    {
        var clock = Stopwatch.StartNew();
        var job = await PostJsonAsync("/v1/bulk-jobs", body);
        return await WaitAsync(job["id"]!.GetValue<string>(), clock);
    }

    private async Task<JobRun> WaitAsync(string id, Stopwatch clock)
    {
        var started = clock.Elapsed.TotalSeconds;
        while (true)
        {
            using var response = await _http.GetAsync(new Uri($"/v1/bulk-jobs/{id}", UriKind.Relative));
            var job = await ReadAsync(response);
            var status = job["status"]!.GetValue<string>();
            if (status is "succeeded" or "failed" or "cancelled")
            {
                var seconds = clock.Elapsed.TotalSeconds;
                if (status != "succeeded")
                {
                    throw new InvalidOperationException($"job {id} {status}: {job["failure"]}");
                }

                var run = (job["finishedAt"]!.GetValue<DateTime>() - job["startedAt"]!.GetValue<DateTime>()).TotalSeconds;
                var errors = job["errors"]!.GetValue<long>();
                string? first = null;
                if (errors > 0)
                {
                    using var page = await _http.GetAsync(new Uri($"/v1/bulk-jobs/{id}/errors?limit=1", UriKind.Relative));
                    first = (await ReadAsync(page))["data"]?.AsArray().FirstOrDefault()?.ToJsonString();
                }

                return new JobRun(id, job["processed"]!.GetValue<long>(), errors, job["result"], seconds, started, run, first);
            }

            await Task.Delay(PollEvery);
        }
    }

    public void Dispose() => _http.Dispose();

    private static async Task<JsonNode> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{(int)response.StatusCode} from {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(text.Length > 400 ? text[..400] : text)}");
        }

        return JsonNode.Parse(text)!;
    }
}
