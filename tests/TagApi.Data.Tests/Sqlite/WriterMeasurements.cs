using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using TagApi.Core.Telemetry;

namespace TagApi.Data.Tests.Sqlite;

/// <summary>What the SQLite writers' turns report to TagApi's meter while this listens (from any test of the process).</summary>
internal sealed class WriterMeasurements : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Instrument, double Value)> _seen = new();

    public WriterMeasurements()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == TagApiTelemetry.Name && instrument.Name.StartsWith("tagapi.sqlite.writer.", StringComparison.Ordinal))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => _seen.Enqueue((instrument.Name, value)));
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => _seen.Enqueue((instrument.Name, value)));
        _listener.Start();
    }

    public IReadOnlyList<double> Of(string instrument) => [.. _seen.Where(m => m.Instrument == instrument).Select(m => m.Value)];

    public void Dispose() => _listener.Dispose();
}
