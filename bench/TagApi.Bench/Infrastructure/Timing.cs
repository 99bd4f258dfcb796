namespace TagApi.Bench.Infrastructure;

/// <summary>The distribution of one measured operation: every sample in microseconds.</summary>
public sealed class Timing
{
    private readonly double[] _sorted;

    public Timing(IEnumerable<double> microseconds)
    {
        _sorted = [.. microseconds.Order()];
        if (_sorted.Length == 0)
        {
            throw new ArgumentException("A timing needs at least one sample.", nameof(microseconds));
        }
    }

    public int Samples => _sorted.Length;

    public double MedianMicros => Percentile(50);

    public double P99Micros => Percentile(99);

    public double MinMicros => _sorted[0];

    public double MaxMicros => _sorted[^1];

    /// <summary>Nearest-rank percentile: with few samples p99 is the slowest one, never an interpolation.</summary>
    public double Percentile(double p)
    {
        var rank = (int)Math.Ceiling(p / 100.0 * _sorted.Length);
        return _sorted[Math.Clamp(rank - 1, 0, _sorted.Length - 1)];
    }

    /// <summary>µs below a millisecond, ms below a second, s above.</summary>
    public static string Format(double micros) => micros switch
    {
        < 10 => $"{micros:0.00} µs",
        < 1_000 => $"{micros:0.0} µs",
        < 1_000_000 => $"{micros / 1_000:0.00} ms",
        _ => $"{micros / 1_000_000:0.000} s",
    };
}
