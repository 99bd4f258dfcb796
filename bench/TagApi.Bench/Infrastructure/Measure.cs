using System.Diagnostics;

namespace TagApi.Bench.Infrastructure;

/// <summary>How long to spend on one operation: warm-up, then as many timed repetitions as fit the budget.</summary>
public sealed record MeasureBudget(TimeSpan Warmup, TimeSpan Timed, int MinReps, int MaxReps)
{
    public static MeasureBudget Default { get; } = new(TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(1.5), 5, 2_000);

    /// <summary>For operations that take seconds each (export, slow SQL): fewer repetitions.</summary>
    public static MeasureBudget Heavy { get; } = new(TimeSpan.Zero, TimeSpan.FromSeconds(4), 3, 50);

    /// <summary>For SQL peers on ten million customers and more, whose calls take many seconds: one warm-up call, at least two timed.</summary>
    public static MeasureBudget LargePeer { get; } = new(TimeSpan.Zero, TimeSpan.FromSeconds(3), 2, 2_000);
}

/// <summary>The outcome of one measured operation: its timing and the value it last produced.</summary>
public sealed record Measured<T>(Timing Timing, T Result);

public static class Measure
{
    /// <summary>
    /// Runs <paramref name="action"/> at least once to warm up (more while within the warm-up
    /// budget), then times single calls with a <see cref="Stopwatch"/>. The result of the last call
    /// is kept so each subject's answer can be checked against the others'.
    /// </summary>
    public static Measured<T> Run<T>(Func<T> action, MeasureBudget budget)
    {
        // The first call may carry a one-off cost (a server building its index, a cold cache): the warm-up budget runs
        // from the end of it, so a subject whose first call took seconds still warms up before it is timed, and the
        // repetitions are sized from the calls after it.
        var warm = Stopwatch.StartNew();
        var result = action();
        var first = warm.Elapsed;
        var warmups = 1;
        while (budget.Warmup > TimeSpan.Zero && (warm.Elapsed - first < budget.Warmup || warmups < 2) && warmups < 10_000)
        {
            result = action();
            warmups++;
        }

        var perCall = warmups > 1 ? (warm.Elapsed - first).TotalMicroseconds / (warmups - 1) : warm.Elapsed.TotalMicroseconds;
        var reps = (int)Math.Clamp(budget.Timed.TotalMicroseconds / Math.Max(perCall, 0.01), budget.MinReps, budget.MaxReps);
        var samples = new double[reps];
        for (var i = 0; i < reps; i++)
        {
            var start = Stopwatch.GetTimestamp();
            result = action();
            samples[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }

        return new Measured<T>(new Timing(samples), result);
    }
}
