using System.Diagnostics;
using System.Net;
using TagApi.Bench.Infrastructure;

namespace TagApi.Bench.Load;

/// <summary>One subject of a load run: how to ask for key <c>i</c>, and how to tell a right answer for it.</summary>
public sealed record LoadTarget(string Name, Uri BaseAddress, Func<int, HttpRequestMessage> Request, Func<int, ReadOnlyMemory<byte>, bool> IsRight)
{
    /// <summary>A 201 counts as an answer too (writes that create: W4b's activity record).</summary>
    public bool AcceptsCreated { get; init; }
}

/// <summary>What a load run measured: completed requests per second, each request's latency, wrong or failed answers.</summary>
public sealed record LoadResult(double RequestsPerSecond, Timing Latency, long Errors, string? FirstError);

/// <summary>
/// A closed-loop load generator: <c>connections</c> workers, each sending its next request as soon
/// as the previous answer is read, over as many kept-alive loopback connections, for a warm-up
/// (not recorded) and then a fixed measured window. Keys are drawn per worker from a seeded random
/// sequence, so every subject gets the same mix.
/// </summary>
public static class ClosedLoopLoad
{
    public static LoadResult Run(LoadTarget target, int keys, int connections, TimeSpan warmup, TimeSpan duration)
    {
        using var http = LoadClient.Create(target.BaseAddress, connections, TimeSpan.FromSeconds(60));
        var start = Stopwatch.GetTimestamp();
        var measureFrom = start + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
        var end = measureFrom + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var workers = Enumerable.Range(0, connections).Select(w => Task.Run(() => WorkerAsync(http, target, keys, w, measureFrom, end))).ToArray();
        Task.WaitAll(workers);
        var finished = Stopwatch.GetTimestamp();

        var samples = workers.SelectMany(w => w.Result.Latencies).ToList();
        var errors = workers.Sum(w => w.Result.Errors);
        var firstError = workers.Select(w => w.Result.FirstError).FirstOrDefault(e => e is not null);
        if (samples.Count == 0)
        {
            throw new InvalidOperationException($"no request completed in the measured window{(firstError is null ? "" : ": " + firstError)}");
        }

        var seconds = (finished - measureFrom) / (double)Stopwatch.Frequency;
        return new LoadResult(samples.Count / seconds, new Timing(samples), errors, firstError);
    }

    private static async Task<WorkerResult> WorkerAsync(HttpClient http, LoadTarget target, int keys, int worker, long measureFrom, long end)
    {
        var random = new Random(20261124 + worker);
        var latencies = new List<double>(4096);
        long errors = 0;
        string? firstError = null;
        while (true)
        {
            var started = Stopwatch.GetTimestamp();
            if (started >= end)
            {
                break;
            }

            var key = random.Next(keys);
            bool right;
            try
            {
                using var request = target.Request(key);
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead);
                var body = await response.Content.ReadAsByteArrayAsync();
                right = (response.StatusCode == HttpStatusCode.OK || (target.AcceptsCreated && response.StatusCode == HttpStatusCode.Created)) && target.IsRight(key, body);
                if (!right)
                {
                    firstError ??= $"{(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(200, body.Length)))}";
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                right = false;
                firstError ??= e.Message;
            }

            if (started < measureFrom)
            {
                continue;
            }

            // Only right answers count as served; a wrong one is an error, not a fast request.
            if (right)
            {
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds);
            }
            else
            {
                errors++;
            }
        }

        return new WorkerResult(latencies, errors, firstError);
    }

    private sealed record WorkerResult(List<double> Latencies, long Errors, string? FirstError);
}
