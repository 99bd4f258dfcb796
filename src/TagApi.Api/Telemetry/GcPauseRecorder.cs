using System.Diagnostics.Tracing;

namespace TagApi.Api.Telemetry;

/// <summary>
/// Every garbage collection's pause as the runtime reports it (from suspending the managed threads to resuming them),
/// with the generation it collected, kept in a ring of the most recent ones. It listens to the runtime's own GC events,
/// so no pause is missed or sampled; only on with <see cref="TelemetryOptions.MemoryDiagnostics"/>, for benchmarks
/// that set a load's pauses against a target.
/// </summary>
public sealed class GcPauseRecorder : EventListener
{
    private const string RuntimeSource = "Microsoft-Windows-DotNETRuntime";
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private const int Capacity = 1 << 16;
    private readonly Lock _gate = new();
    private readonly GcPause[] _ring = new GcPause[Capacity];
    private long _recorded;
    private DateTime? _suspendedAt;
    private int _generation;

    /// <summary>Pauses recorded since the process started.</summary>
    public long Recorded
    {
        get
        {
            lock (_gate)
            {
                return _recorded;
            }
        }
    }

    /// <summary>The pauses recorded after the first <paramref name="skip"/> (as many as the ring still holds), oldest first.</summary>
    public IReadOnlyList<GcPause> Since(long skip)
    {
        lock (_gate)
        {
            var first = Math.Max(skip, _recorded - Capacity);
            var pauses = new List<GcPause>((int)Math.Max(0, _recorded - first));
            for (var n = first; n < _recorded; n++)
            {
                pauses.Add(_ring[n % Capacity]);
            }

            return pauses;
        }
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == RuntimeSource)
        {
            EnableEvents(eventSource, EventLevel.Informational, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        var name = eventData.EventName ?? "";
        if (name.StartsWith("GCStart", StringComparison.Ordinal))
        {
            _generation = eventData.Payload is [_, var depth, ..] ? Convert.ToInt32(depth, System.Globalization.CultureInfo.InvariantCulture) : -1;
        }
        else if (name.StartsWith("GCSuspendEEBegin", StringComparison.Ordinal))
        {
            _suspendedAt = eventData.TimeStamp;
        }
        else if (name.StartsWith("GCRestartEEEnd", StringComparison.Ordinal) && _suspendedAt is { } suspended)
        {
            lock (_gate)
            {
                _ring[_recorded % Capacity] = new GcPause(_recorded, (eventData.TimeStamp - suspended).TotalMilliseconds, _generation);
                _recorded++;
            }

            _suspendedAt = null;
        }
    }
}

/// <summary>One garbage collection pause: its number since start, how long the managed threads were stopped, and the generation collected (-1 unknown).</summary>
public sealed record GcPause(long Number, double Milliseconds, int Generation);
