using TagApi.Bench.Infrastructure;
using TagApi.Bench.Report;

namespace TagApi.Bench.Workloads;

/// <summary>Adds a figure to a case and says on the console what it was, so a long run shows progress.</summary>
public static class FigureLog
{
    public static void Add(this CaseResult result, string workload, Figure figure)
    {
        result.Figures.Add(figure);
        var what = figure.Timing is { } t
            ? $"median {Timing.Format(t.MedianMicros)}, p99 {Timing.Format(t.P99Micros)} (n={t.Samples}) → {figure.Result:N0}"
            : figure.Unavailable;
        Log.Info($"{workload} · {result.Name} · {figure.Subject}: {what}");
    }
}
