using System.Diagnostics;
using System.Net;
using TagApi.Bench.Infrastructure;

namespace TagApi.Bench.Load;

/// <summary>What a paced run measured: the rate it achieved, each right answer's latency from its due time, failures.</summary>
public sealed record PacedLoadResult(int Target, double Achieved, Timing Latency, long Sent, long Errors, string? FirstError);

/// <summary>
/// An open-loop load generator: request n is due at start + n / rate and is sent then (or as soon as one of the
/// in-flight slots is free), whatever the earlier ones are doing, so a server that falls behind pays for its queue:
/// latency runs from the due time, not from the actual send (no coordinated omission). A run far behind its pace stops
/// sending at twice its length; the achieved rate counts only right answers over the whole run.
/// </summary>
public static class PacedLoad
{
    private const int MaxInFlight = 512;

    public static PacedLoadResult Run(LoadTarget target, int perSecond, TimeSpan length) =>
        RunAsync(target, perSecond, length).GetAwaiter().GetResult();

    private static async Task<PacedLoadResult> RunAsync(LoadTarget target, int perSecond, TimeSpan length)
    {
        using var http = LoadClient.Create(target.BaseAddress, MaxInFlight, TimeSpan.FromSeconds(60));
        var total = (int)(perSecond * length.TotalSeconds);
        var latencies = new double[total];
        var ok = new bool[total];
        string? firstError = null;
        var clock = Stopwatch.StartNew();
        var sent = await OpenLoop.RunAsync(clock, total, perSecond, length, MaxInFlight, async (index, due) =>
        {
            try
            {
                using var request = target.Request(index);
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead);
                var body = await response.Content.ReadAsByteArrayAsync();
                latencies[index] = (clock.ElapsedTicks - due) * 1e6 / Stopwatch.Frequency;
                ok[index] = (response.StatusCode == HttpStatusCode.OK || (target.AcceptsCreated && response.StatusCode == HttpStatusCode.Created))
                    && target.IsRight(index, body);
                if (!ok[index])
                {
                    firstError ??= $"{(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(200, body.Length)))}";
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                firstError ??= e.Message;
            }
        });

        var seconds = clock.Elapsed.TotalSeconds;
        var good = Enumerable.Range(0, sent).Where(i => ok[i]).Select(i => latencies[i]).ToList();
        if (good.Count == 0)
        {
            throw new InvalidOperationException($"no request answered right{(firstError is null ? "" : ": " + firstError)}");
        }

        // Unsent requests (a run far behind) count against the achieved rate as much as failed ones.
        return new PacedLoadResult(perSecond, good.Count / Math.Max(seconds, length.TotalSeconds), new Timing(good), sent, total - good.Count, firstError);
    }
}
