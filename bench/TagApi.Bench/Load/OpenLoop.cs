using System.Diagnostics;

namespace TagApi.Bench.Load;

/// <summary>
/// The schedule of an open-loop run: request n is due at start + n / rate and is started then (or as soon as one of
/// the in-flight slots is free), whatever the earlier ones are doing, so a server that falls behind pays for its queue
/// when latency is counted from the due time. A run far behind its pace stops starting requests at twice its length.
/// </summary>
public static class OpenLoop
{
    /// <summary>Starts <paramref name="send"/>(n, due ticks) for each request in turn; returns how many were started.</summary>
    public static async Task<int> RunAsync(Stopwatch clock, int total, int perSecond, TimeSpan length, int maxInFlight, Func<int, long, Task> send)
    {
        using var gate = new SemaphoreSlim(maxInFlight);
        var tasks = new List<Task>(total);
        var tick = Stopwatch.Frequency / (double)perSecond;
        for (var n = 0; n < total; n++)
        {
            var due = (long)(n * tick);
            while (clock.ElapsedTicks < due)
            {
                var wait = (due - clock.ElapsedTicks) * 1000 / Stopwatch.Frequency;
                if (wait >= 2)
                {
                    await Task.Delay((int)wait - 1);
                }
                else
                {
                    Thread.SpinWait(50);
                }
            }

            await gate.WaitAsync();
            if (clock.Elapsed > length + length)
            {
                // Far behind the pace: what is still unsent counts as not achieved, rather than running on for minutes.
                gate.Release();
                break;
            }

            var index = n;
            tasks.Add(Task.Run(async () =>
            {
                try
                {
                    await send(index, due);
                }
                finally
                {
                    gate.Release();
                }
            }));
        }

        await Task.WhenAll(tasks);
        return tasks.Count;
    }
}
