using System.Diagnostics;

namespace TagApi.Bench.Infrastructure;

/// <summary>Progress lines on stderr, stamped with the time since the run started.</summary>
public static class Log
{
    private static readonly Stopwatch Clock = Stopwatch.StartNew();

    public static void Info(string message) =>
        Console.Error.WriteLine($"[bench {Clock.Elapsed.TotalSeconds,7:0.0}s] {message}");
}
