using System.Diagnostics;
using TagApi.Bench.Infrastructure;

namespace TagApi.Bench.Load;

/// <summary>
/// One group of clients of a mixed load: <c>connections</c> workers, each asking <see cref="Next"/> for its next
/// request (which operation, and the request) from its own seeded random sequence.
/// </summary>
public sealed record MixedGroup(string Name, Uri BaseAddress, int Connections, IReadOnlyList<string> Operations, Func<Random, (int Operation, HttpRequestMessage Request)> Next);

/// <summary>What one operation of a group measured: completed requests per second, latencies, failures.</summary>
public sealed record OperationResult(string Operation, double RequestsPerSecond, Timing? Latency, long Errors, string? FirstError);

/// <summary>
/// A closed-loop load of several groups at once (W8: the small tenants, and the big tenant beside them), each
/// worker sending its next request when the previous answer is read, over kept-alive loopback connections; a warm-up
/// that is not recorded, then a fixed measured window. Latencies are kept per group and operation; only 2xx answers
/// count as served.
/// </summary>
public static class MixedLoad
{
    public static Dictionary<string, IReadOnlyList<OperationResult>> Run(IReadOnlyList<MixedGroup> groups, TimeSpan warmup, TimeSpan duration)
    {
        var start = Stopwatch.GetTimestamp();
        var measureFrom = start + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
        var end = measureFrom + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var clients = groups.Select(g => LoadClient.Create(g.BaseAddress, g.Connections, TimeSpan.FromSeconds(120))).ToList();
        try
        {
            var workers = groups.SelectMany((g, gi) => Enumerable.Range(0, g.Connections)
                .Select(w => (Group: gi, Task: Task.Run(() => WorkerAsync(clients[gi], g, (gi * 1000) + w, measureFrom, end))))).ToList();
            Task.WaitAll(workers.Select(w => w.Task).ToArray());
            var seconds = (Stopwatch.GetTimestamp() - measureFrom) / (double)Stopwatch.Frequency;
            var results = new Dictionary<string, IReadOnlyList<OperationResult>>(StringComparer.Ordinal);
            for (var gi = 0; gi < groups.Count; gi++)
            {
                var mine = workers.Where(w => w.Group == gi).Select(w => w.Task.Result).ToList();
                results[groups[gi].Name] = groups[gi].Operations.Select((name, op) =>
                {
                    var samples = mine.SelectMany(r => r.Latencies[op]).ToList();
                    return new OperationResult(name, samples.Count / seconds, samples.Count == 0 ? null : new Timing(samples),
                        mine.Sum(r => r.Errors[op]), mine.Select(r => r.FirstError[op]).FirstOrDefault(e => e is not null));
                }).ToList();
            }

            return results;
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    private static async Task<WorkerResult> WorkerAsync(HttpClient http, MixedGroup group, int seed, long measureFrom, long end)
    {
        var random = new Random(20261207 + seed);
        var result = new WorkerResult(group.Operations.Count);
        while (true)
        {
            var started = Stopwatch.GetTimestamp();
            if (started >= end)
            {
                break;
            }

            var (op, request) = group.Next(random);
            string? error = null;
            try
            {
                using (request)
                using (var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead))
                {
                    var body = await response.Content.ReadAsByteArrayAsync();
                    if (!response.IsSuccessStatusCode)
                    {
                        error = $"{(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(200, body.Length)))}";
                    }
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                error = e.Message;
            }

            if (started < measureFrom)
            {
                continue;
            }

            if (error is null)
            {
                result.Latencies[op].Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds);
            }
            else
            {
                result.Errors[op]++;
                result.FirstError[op] ??= error;
            }
        }

        return result;
    }

    private sealed class WorkerResult(int operations)
    {
        public List<double>[] Latencies { get; } = Enumerable.Range(0, operations).Select(_ => new List<double>(1024)).ToArray();

        public long[] Errors { get; } = new long[operations];

        public string?[] FirstError { get; } = new string?[operations];
    }
}
