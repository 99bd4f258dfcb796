using TagApi.Bench.Engines;
using TagApi.Bench.Infrastructure;

namespace TagApi.Bench.Report;

public enum SubjectKind
{
    TagApi,
    Peer,
    Floor,
}

/// <summary>
/// One subject's figure in one case: its timing, what it answered (a count, or how many rows and
/// a checksum of their ids), or why there is no figure.
/// </summary>
public sealed record Figure(string Subject, SubjectKind Kind)
{
    public Timing? Timing { get; init; }

    /// <summary>The count, or how many rows came back.</summary>
    public long? Result { get; init; }

    /// <summary>Sum of the returned ids, to check pages against the floor's.</summary>
    public long? Checksum { get; init; }

    /// <summary>"not available in this build: …" or "failed: …".</summary>
    public string? Unavailable { get; init; }

    public string? Note { get; init; }

    /// <summary>Completed requests per second under load (W6); the timing then holds each request's latency.</summary>
    public double? RequestsPerSecond { get; init; }

    /// <summary>Requests that failed or answered something else than expected during a load run.</summary>
    public long? Errors { get; init; }

    /// <summary>False when the answer differs from the floor's; null when there is nothing to compare.</summary>
    public bool? AgreesWithFloor { get; set; }

    /// <summary>Column header → this figure's median divided by the reference's (null: a side has no figure).</summary>
    public Dictionary<string, double?> Ratios { get; } = new(StringComparer.Ordinal);

    public static Figure Missing(string subject, SubjectKind kind, string reason) => new(subject, kind) { Unavailable = reason };

    /// <summary>Measures <paramref name="action"/>; a missing capability or a failure becomes a reason, never a number.</summary>
    public static Figure Time(string subject, SubjectKind kind, Func<long> action, MeasureBudget budget)
    {
        try
        {
            var measured = Measure.Run(action, budget);
            return new Figure(subject, kind) { Timing = measured.Timing, Result = measured.Result };
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return Missing(subject, kind, Reason(e));
        }
    }

    public static string Reason(Exception e) => e switch
    {
        NotAvailableException => e.Message,
        _ => "failed: " + (e.InnerException?.Message ?? e.Message).Split('\n')[0],
    };
}
